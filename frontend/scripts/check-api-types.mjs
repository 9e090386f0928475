// Fails when src/api/generated/schema.d.ts is not what openapi-typescript makes of the committed
// spec: regenerate with `npm run api` and commit the result.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = join(mkdtempSync(join(tmpdir(), "contour-api-")), "schema.d.ts");
execFileSync("node_modules/.bin/openapi-typescript", ["../openapi/contour.v1.json", "-o", out], { stdio: "ignore" });
const fresh = readFileSync(out, "utf8");
const committed = readFileSync("src/api/generated/schema.d.ts", "utf8");
if (fresh !== committed) {
  console.error("src/api/generated/schema.d.ts is stale: run `npm run api` in frontend/ and commit it.");
  process.exit(1);
}
console.log("API types match openapi/contour.v1.json");
