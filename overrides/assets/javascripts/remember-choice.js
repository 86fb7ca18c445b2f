// Material writes the colour scheme into localStorage as soon as a page loads. Keep it from
// storing anything on the visitor's device until the visitor actually switches the scheme –
// a choice they ask the site to remember. Loaded before Material's bundle.
(function () {
  var store = window.__md_set;
  if (typeof store !== "function") return;
  var chosen = false;
  document.addEventListener("change", function (event) {
    if (event.target && event.target.name === "__palette") chosen = true;
  }, true);
  window.__md_set = function (key) {
    if (key === "__palette" && !chosen) return;
    return store.apply(this, arguments);
  };
})();
