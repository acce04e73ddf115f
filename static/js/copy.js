// A button with data-copy="ID" copies that field's value to the clipboard and says so.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      document.execCommand("copy");  // plain-HTTP intranets have no clipboard API
    }
    button.textContent = button.dataset.copied;
  });
});
