// Sizes Summit's iframes (<iframe src="https://SUMMIT/embed/ABC123">) to their
// content (README, "Embedding Summit"): the page inside posts its height, and only
// a message from this script's own origin, sent by one of the page's iframes of
// that origin, changes that iframe's height.
(() => {
  const server = new URL(document.currentScript.src).origin;
  addEventListener("message", (event) => {
    if (event.origin !== server) return;
    const height = event.data && event.data.summitHeight;
    if (typeof height !== "number" || !(height > 0) || height > 100000) return;
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source) {
        frame.style.height = Math.ceil(height) + "px";
      }
    }
  });
})();
