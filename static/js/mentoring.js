// Asks before a form whose action reaches many people (publishing emails every participant).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.js-confirm");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
