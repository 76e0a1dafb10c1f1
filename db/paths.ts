/** Where the demo keeps its SQLite file when DATABASE_PATH is not set (git-ignored). */
export const DEFAULT_DEMO_DATABASE_PATH = "db/local/demo.sqlite";
