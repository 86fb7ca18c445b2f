// The menu button of the header: Material's drawer opens from a <label> that only a mouse or a
// finger can press. With script, a real <button> takes its place – reachable with Tab, pressed
// with Enter or Space, telling screen readers whether the menu is open – and focus moves into
// the menu and back. Without script the label stays, and the footer lists every section.
(function () {
  var drawer = document.getElementById("__drawer");
  var label = document.querySelector("label.mr-menu-label");
  var button = document.querySelector("button.mr-menu-button");
  if (!drawer || !label || !button) return;
  label.hidden = true;
  button.hidden = false;
  function sync() {
    button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
  }
  function firstLink() {
    return document.querySelector(".md-sidebar--primary .md-nav__link[href]");
  }
  button.addEventListener("click", function () {
    drawer.click();  // Material listens to the checkbox: same behaviour as the label
    sync();
    if (drawer.checked && firstLink()) firstLink().focus();
  });
  drawer.addEventListener("change", sync);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) {
      drawer.click();
      sync();
      button.focus();
    }
  });
  sync();
})();
