/**
 * Writing into CHANGELOG.md: a subsection of the "Unreleased" section, created when missing and
 * replaced when a subsection with the same heading is already there (so re-running a script
 * updates its own entry instead of adding a second one). Everything else is kept as written.
 *
 * @module
 */

/** A new changelog, for when the file does not exist yet. */
export const EMPTY_CHANGELOG: string = `# Changelog

All notable changes to \`@codex/sdk\`. The newest release is first; "Unreleased" is what the next
release will contain.

## Unreleased
`;

/** `changelog` with `section` (starting with `### Heading`) placed under `## Unreleased`. */
export function putUnreleasedSection(changelog: string, section: string): string {
  const heading = section.split("\n", 1)[0].trim();
  if (!heading.startsWith("### ")) throw new Error(`a section starts with "### ", not ${heading}`);
  let text = changelog;
  if (!/^## Unreleased\s*$/m.test(text)) {
    const firstRelease = text.search(/^## /m);
    const unreleased = "## Unreleased\n\n";
    text = firstRelease < 0
      ? `${text.trimEnd()}\n\n${unreleased}`
      : text.slice(0, firstRelease) + unreleased + text.slice(firstRelease);
  }
  const start = text.search(/^## Unreleased\s*$/m);
  const afterHeading = text.indexOf("\n", start) + 1;
  const nextRelease = text.slice(afterHeading).search(/^## /m);
  const end = nextRelease < 0 ? text.length : afterHeading + nextRelease;
  let unreleased = text.slice(afterHeading, end);
  const body = section.trimEnd() + "\n";
  const existing = unreleased.split(/^(?=### )/m);
  const index = existing.findIndex((part) => part.split("\n", 1)[0].trim() === heading);
  if (index >= 0) {
    existing[index] = body + "\n";
    unreleased = existing.join("");
  } else {
    unreleased = `${unreleased.trimEnd()}\n\n${body}\n`.replace(/^\n+/, "\n");
  }
  const rest = text.slice(end);
  return rest === ""
    ? (text.slice(0, afterHeading) + unreleased).trimEnd() + "\n"
    : text.slice(0, afterHeading) + unreleased + rest;
}
