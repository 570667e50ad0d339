// Builds GOV.UK Frontend for Convene into convene/static/govuk/ and copies axe-core for the
// browser tests into tests/browser/vendor/. Run by `make assets` (npm ci, then npm run build).
// The output is committed, so a fresh clone of Convene needs no npm.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const require = createRequire(import.meta.url);
const govukDist = join(here, "node_modules", "govuk-frontend", "dist");
const govukVersion = JSON.parse(
  readFileSync(join(here, "node_modules", "govuk-frontend", "package.json"), "utf8"),
).version;
const out = join(repo, "convene", "static", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The Sass: Arial, no font-face, no crest (see convene-govuk.scss).
const { css } = sass.compile(join(here, "convene-govuk.scss"), {
  loadPaths: [govukDist],
  style: "compressed",
  // GOV.UK Frontend 5 still uses @import and Sass's global functions; its warnings are its own.
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
const banner = `/* GOV.UK Frontend ${govukVersion} (MIT licence), built for Convene by frontend/build.mjs */\n`;
if (/GDS Transport|@font-face/.test(css)) {
  throw new Error("The CSS still loads the GDS Transport font");
}
// Compressed Sass marks UTF-8 with a byte-order mark; @charset says the same and leaves room for
// the banner (it must come first in the file).
writeFileSync(
  join(out, "govuk-frontend.min.css"),
  `@charset "UTF-8";\n${banner}${css.replace(/^\uFEFF/, "")}\n`,
);

// Every image the CSS names is copied beside it; the build fails if one is missing, because
// Django's manifest storage (collectstatic with DEBUG off) would fail on it later.
const images = [...css.matchAll(/url\("?([^")]+)"?\)/g)]
  .map((match) => match[1])
  .filter((url) => !url.startsWith("data:"));
for (const url of new Set(images)) {
  const source = join(govukDist, "govuk", url);
  if (!existsSync(source)) throw new Error(`The CSS refers to ${url}, which is not in the package`);
  mkdirSync(dirname(join(out, url)), { recursive: true });
  copyFileSync(source, join(out, url));
}

// The JavaScript, an ES module. Its source map is not shipped, so the comment naming it goes
// too (Django's manifest storage would look for the map).
const js = readFileSync(join(govukDist, "govuk", "govuk-frontend.min.js"), "utf8").replace(
  /\n?\/\/# sourceMappingURL=\S+\s*$/,
  "\n",
);
writeFileSync(join(out, "govuk-frontend.min.js"), banner + js);

// axe-core for the accessibility checks in tests/browser/.
const vendor = join(repo, "tests", "browser", "vendor");
mkdirSync(vendor, { recursive: true });
const axeDir = dirname(require.resolve("axe-core/package.json"));
copyFileSync(join(axeDir, "axe.min.js"), join(vendor, "axe.min.js"));
copyFileSync(join(axeDir, "LICENSE"), join(vendor, "axe-core-LICENSE.txt"));

console.log(`Built GOV.UK Frontend ${govukVersion} into convene/static/govuk/ (images: ${images.length ? [...new Set(images)].join(", ") : "none"})`);
