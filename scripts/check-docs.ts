/**
 * `npm run lint`'s check that the documentation names only what the repository contains: every
 * relative link of the Markdown files (and its #heading), every repository path they quote in
 * backticks or list in the README's layout, and every `README, "<heading>"` or
 * `docs/<file>.md, "<heading>"` that a code comment points to. Exits 1 and lists what is missing.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = join(dirname(new URL(import.meta.url).pathname), "..");
const MARKDOWN = ["README.md", "bench/README.md", "test/fuzz/README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) => f.endsWith(".md"));
const CODE_DIRS = ["src", "test", "scripts", "bench"];
const REPO_PREFIXES = /^(src|test|scripts|bench|docs|migrations|fixtures|\.ci)\//;
/** What a run makes (ignored by git): the docs may name it before it exists. */
const GENERATED = readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n").filter(Boolean);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, "")
    .replace(/ /g, "-");

function headingsOf(file: string): Set<string> {
  const headings = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(ROOT, file), "utf8").split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const match = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (match) headings.add(slug(match[1]));
  }
  return headings;
}

const problems: string[] = [];
const exists = (path: string) => existsSync(join(ROOT, path)) || GENERATED.some((ignored) => path.startsWith(ignored));

function checkLink(file: string, target: string) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return;
  const [path, anchor] = target.split("#");
  const resolved = path ? normalize(join(dirname(file), path)) : file;
  if (!exists(resolved)) return problems.push(`${file}: link to ${target}: no such file`);
  if (anchor && resolved.endsWith(".md") && !headingsOf(resolved).has(anchor)) problems.push(`${file}: link to ${target}: no such heading`);
}

/** Paths in the README's layout block: two spaces of indentation per folder level. */
function checkLayout(text: string) {
  const block = /## Project layout\n[\s\S]*?```\n([\s\S]*?)```/.exec(text)?.[1];
  if (!block) return problems.push("README.md: no layout block under \"Project layout\"");
  const folders: string[] = [];
  for (const line of block.split("\n")) {
    const match = /^( *)(\S+)/.exec(line);
    if (!match || match[1].length >= 16) continue; // a description's continuation line
    const depth = match[1].length / 2;
    folders.length = depth;
    const path = [...folders, match[2]].join("");
    if (match[2].endsWith("/")) folders[depth] = match[2];
    if (!/[<*{]/.test(path) && !exists(path)) problems.push(`README.md: layout names ${path}, which does not exist`);
  }
}

for (const file of MARKDOWN) {
  const text = readFileSync(join(ROOT, file), "utf8");
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) checkLink(file, target);
  for (const [, quoted] of text.matchAll(/`([^`\s]+)`/g)) {
    const path = quoted.replace(/[.,:;)]+$/, "").replace(/:\d+$/, "");
    if (REPO_PREFIXES.test(path) && !/[<*{]|NNNN/.test(path) && !exists(path)) problems.push(`${file}: names ${path}, which does not exist`);
  }
  if (file === "README.md") checkLayout(text);
}

function* codeFiles(dir: string): Generator<string> {
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = `${dir}/${name}`;
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (statSync(join(ROOT, path)).isDirectory()) yield* codeFiles(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

for (const file of CODE_DIRS.flatMap((dir) => [...codeFiles(dir)])) {
  const text = readFileSync(join(ROOT, file), "utf8");
  for (const [, doc, heading] of text.matchAll(/\b(README|docs\/[\w-]+\.md),? "([^"]+)"/g)) {
    const target = doc === "README" ? "README.md" : doc;
    if (heading.includes("<")) continue;
    if (!exists(target)) problems.push(`${file}: points to ${target}, which does not exist`);
    else if (!headingsOf(target).has(slug(heading))) problems.push(`${file}: points to ${target}, "${heading}": no such heading`);
  }
  for (const [, doc] of text.matchAll(/\b(docs\/[\w-]+\.md)/g)) if (!exists(doc)) problems.push(`${file}: names ${doc}, which does not exist`);
}

if (problems.length) {
  console.error(`Documentation names what the repository does not contain (${relative(process.cwd(), ROOT) || "."}):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`Documentation links checked: ${MARKDOWN.length} Markdown files, every code comment's README/docs reference.`);
