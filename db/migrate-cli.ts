/** `npm run db:migrate`: applies migrations to DATABASE_PATH (default: the demo database). */
import { migrateDatabase, openDatabase } from "./client.server";
import { DEFAULT_DEMO_DATABASE_PATH } from "./paths";

const path = process.env.DATABASE_PATH || DEFAULT_DEMO_DATABASE_PATH;
const db = openDatabase(path);
migrateDatabase(db);
db.$client.close();
console.log(`migrated ${path}`);
