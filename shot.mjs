import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
page.on("pageerror", e => console.log("PAGEERROR", e.message));
page.on("console", m => { if (m.type() === "error") console.log("CONSOLE", m.text()); });
await page.goto(process.argv[2]);
await page.waitForTimeout(1000);
await page.screenshot({ path: process.argv[3], fullPage: false });
await browser.close();
