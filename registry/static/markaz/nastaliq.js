// The Urdu pages' Nastaliq font (rtl.css, fonts/README.md) from a visitor's second page on.
// Without JavaScript, or where the browser keeps no storage, every page asks for it as it loads.
(function () {
  "use strict";
  var FETCHED = "markaz-nastaliq-fetched";

  function fetchFont() {
    document.fonts.load('1em "Markaz Nastaliq"', "\u0627").then(function (faces) {
      if (faces.length) {
        localStorage.setItem(FETCHED, "1");
      }
    });
  }

  // Once the page has loaded and its first screen is painted: "load" may come first.
  function afterFirstPaint(callback) {
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (!types || types.indexOf("paint") < 0) {
      callback();
      return;
    }
    new PerformanceObserver(function (entries, observer) {
      if (entries.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        callback();
      }
    }).observe({ type: "paint", buffered: true });
  }

  try {
    if (localStorage.getItem(FETCHED)) {
      return;
    }
    document.documentElement.classList.add("nastaliq-pending");
    addEventListener("load", function () {
      afterFirstPaint(fetchFont);
    });
  } catch (refused) {
    // Storage refused (a private window, a policy): the page asks for Nastaliq as it loads, as
    // without JavaScript.
  }
})();
