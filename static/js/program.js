// Progressive enhancements of the public program pages; every page works without this file.
(function () {
  "use strict";

  // Time zone switch: offer the browser's own zone as a one-click link (?tz=...).
  var form = document.querySelector(".tz-switch");
  if (form && window.Intl) {
    var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var link = document.getElementById("tz-mine");
    if (mine && link) {
      link.href = "?tz=" + encodeURIComponent(mine);
      link.textContent = "Use my time zone (" + mine + ")";
      link.parentElement.hidden = false;
    }
  }

  // External players load only when the visitor asks: until then no video site is contacted.
  document.querySelectorAll(".player-load").forEach(function (holder) {
    holder.hidden = false;
    var button = holder.querySelector("button");
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = button.dataset.embed;
      frame.title = "Recording: " + button.dataset.title;
      frame.allow = "fullscreen; picture-in-picture";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      holder.replaceWith(frame);
      frame.focus();
    });
  });
})();
