// Read an .ics file the way Thunderbird does (Mozilla's ical.js) and print, as one JSON array,
// every event occurrence that starts inside a window, in UTC.
//
//   node ical_instants.mjs FILE.ics 2024-03-01T00:00:00Z 2024-05-01T00:00:00Z
//
// Offsets come ONLY from the VTIMEZONE components in the file: the zone registry is emptied
// first and a TZID without a VTIMEZONE is an error (ical.js would otherwise treat the time as
// floating), so the output shows what our VTIMEZONE generation tells real clients.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// Overrides may move an occurrence into the window from a little after it.
const SLACK_SECONDS = 31 * 86400;

function fail(message) {
  process.stderr.write(`ical_instants: ${message}\n`);
  process.exit(2);
}

function seconds(iso) {
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) || iso.length === 10 ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) fail(`not an ISO date-time: ${iso}`);
  return ms / 1000;
}

function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}

function utcString(time) {
  if (time.isDate) return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  const t = time.convertToZone(ICAL.Timezone.utcTimezone);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}Z`;
}

function registerZones(vcalendar) {
  ICAL.TimezoneService.reset(); // only UTC/Z/GMT remain; nothing built in
  const known = new Set(["UTC", "Z", "GMT"]);
  for (const vtimezone of vcalendar.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone);
    known.add(zone.tzid);
  }
  return known;
}

function checkZones(vevent, known) {
  for (const property of vevent.getAllProperties()) {
    const tzid = property.getParameter("tzid");
    if (tzid && !known.has(tzid)) fail(`TZID ${tzid} has no VTIMEZONE in the file`);
  }
}

function occurrences(master, exceptions, windowStart, windowEnd) {
  const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
  const found = [];
  const take = (details) => {
    const start = details.startDate.toUnixTime();
    if (start >= windowStart && start < windowEnd) {
      found.push({
        uid: event.uid,
        start: utcString(details.startDate),
        end: utcString(details.endDate),
        status: details.item.component.getFirstPropertyValue("status") ?? null,
      });
    }
  };
  if (!event.isRecurring()) {
    take({ startDate: event.startDate, endDate: event.endDate, item: event });
    return found;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (next.toUnixTime() > windowEnd + SLACK_SECONDS) break;
    take(event.getOccurrenceDetails(next));
  }
  return found;
}

function main() {
  const [path, startIso, endIso] = process.argv.slice(2);
  if (!path || !startIso || !endIso) fail("usage: ical_instants.mjs FILE.ics START END");
  const windowStart = seconds(startIso);
  const windowEnd = seconds(endIso);
  const vcalendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const known = registerZones(vcalendar);

  const masters = new Map();
  const exceptions = new Map();
  for (const vevent of vcalendar.getAllSubcomponents("vevent")) {
    checkZones(vevent, known);
    const uid = vevent.getFirstPropertyValue("uid");
    if (vevent.hasProperty("recurrence-id")) {
      if (!exceptions.has(uid)) exceptions.set(uid, []);
      exceptions.get(uid).push(vevent);
    } else {
      masters.set(uid, vevent);
    }
  }

  let found = [];
  for (const [uid, master] of masters) {
    found = found.concat(occurrences(master, exceptions.get(uid) ?? [], windowStart, windowEnd));
  }
  for (const [uid, lone] of exceptions) {
    if (masters.has(uid)) continue; // an override without its series stands on its own
    for (const vevent of lone) found = found.concat(occurrences(vevent, [], windowStart, windowEnd));
  }
  const key = (o) => `${o.start}\u0000${o.uid}\u0000${o.end}\u0000${o.status}`;
  found.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  process.stdout.write(`${JSON.stringify(found)}\n`);
}

main();
