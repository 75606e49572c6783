// roedtraad dashboard: reload the page when the project's files change (after a sync or an upload).
// Polls /api/changes every few seconds with the session cookie; no library, nothing from the internet.
(function () {
  "use strict";
  var seen = document.body.getAttribute("data-fingerprint");
  if (!seen) { return; }
  var interval = 4000;
  function poll() {
    fetch("/api/changes", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.fingerprint && data.fingerprint !== seen) {
          document.body.setAttribute("data-reloading", "1");
          window.location.reload();
          return;
        }
        window.setTimeout(poll, interval);
      })
      .catch(function () { window.setTimeout(poll, interval * 2); });
  }
  window.setTimeout(poll, interval);
})();
