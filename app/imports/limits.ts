/** Upload limits, shared by the upload page (client) and the upload handler (server). */

/** The largest file the upload takes (500,000 rows of a wide customer export fit well within it). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** The form field holding the file. */
export const UPLOAD_FIELD = "file";

