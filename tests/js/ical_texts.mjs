// Read an .ics file with Mozilla's ical.js and print, as one JSON array, the texts of every
// event as a calendar client shows them (escaping undone, folded lines joined):
//
//   node ical_texts.mjs FILE.ics   ->   [{"uid", "summary", "categories", "description"}, ...]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [path] = process.argv.slice(2);
if (!path) {
  process.stderr.write("usage: ical_texts.mjs FILE.ics\n");
  process.exit(2);
}
const vcalendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
const found = vcalendar.getAllSubcomponents("vevent").map((vevent) => ({
  uid: vevent.getFirstPropertyValue("uid"),
  summary: vevent.getFirstPropertyValue("summary"),
  categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
  description: vevent.getFirstPropertyValue("description"),
}));
process.stdout.write(`${JSON.stringify(found)}\n`);
