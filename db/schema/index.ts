export * from "./shops";
export * from "./contacts";
export * from "./catalog";
export * from "./orders";
export * from "./events";
export * from "./segments";
export * from "./messaging";
export * from "./operations";
