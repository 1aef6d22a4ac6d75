// Read an iCalendar file from stdin with Mozilla's ical.js (the parser inside Thunderbird) and print
// every event as JSON: UID, summary, status and start/end as UTC instants ("2027-03-30T07:30:00.000Z"),
// or as dates ("2027-03-30", end exclusive) for all-day events. Recurring events (RRULE/RDATE) are
// expanded into one entry per occurrence (at most 500), so a series reads as the client shows it.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const root = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));

const instant = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const events = [];
for (const component of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  const base = { uid: event.uid, summary: event.summary, status: component.getFirstPropertyValue("status") };
  if (event.isRecurring()) {
    const iterator = event.iterator();
    for (let next = iterator.next(), n = 0; next && n < 500; next = iterator.next(), n++) {
      const details = event.getOccurrenceDetails(next);
      events.push({ ...base, start: instant(details.startDate), end: instant(details.endDate) });
    }
  } else {
    events.push({ ...base, start: instant(event.startDate), end: instant(event.endDate) });
  }
}
process.stdout.write(JSON.stringify(events));
