/* meetingkit: show each meeting time in the reader's own time zone.
 * The page already shows the meeting's zone and UTC; this only adds a third reading.
 * No dependencies, no inline code (the page's CSP allows only same-origin scripts). */
(function () {
  "use strict";
  if (typeof Intl === "undefined" || !Intl.DateTimeFormat) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  /* English names to match the rest of the page; 24-hour clock like the page. */
  var dayFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone || undefined,
    weekday: "long", day: "numeric", month: "long", year: "numeric"
  });
  var clockFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone || undefined,
    hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  });
  /* en-US knows the common abbreviations (EDT, PST); elsewhere it gives GMT+2. */
  var zoneFormat = new Intl.DateTimeFormat("en-US", {
    timeZone: zone || undefined,
    timeZoneName: "short"
  });

  function part(format, date, type) {
    var parts = format.formatToParts(date);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].type === type) {
        return parts[i].value;
      }
    }
    return "";
  }

  function dayText(date) {
    return part(dayFormat, date, "weekday") + " " + part(dayFormat, date, "day") + " " +
      part(dayFormat, date, "month") + " " + part(dayFormat, date, "year");
  }

  function spanText(start, end) {
    var text = dayText(start) + ", " + clockFormat.format(start);
    if (dayText(end) !== dayText(start)) {
      text += " \u2013 " + dayText(end) + ", " + clockFormat.format(end);
    } else {
      text += "\u2013" + clockFormat.format(end);
    }
    return text + " " + part(zoneFormat, end, "timeZoneName");
  }

  function localise() {
    var times = document.querySelectorAll("time[data-start][data-end]");
    for (var i = 0; i < times.length; i++) {
      var start = new Date(times[i].getAttribute("data-start"));
      var end = new Date(times[i].getAttribute("data-end"));
      var target = times[i].parentNode.querySelector(".viewer-time");
      if (isNaN(start.getTime()) || isNaN(end.getTime()) || !target) {
        continue;
      }
      target.textContent = "Your time: " + spanText(start, end) + (zone ? " (" + zone + ")" : "");
      target.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", localise);
  } else {
    localise();
  }
}());
