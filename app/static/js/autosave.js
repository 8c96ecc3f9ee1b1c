// Autosave: the writing form is copied to this device's localStorage a
// moment after each change, so a dropped connection, a closed tab or a
// crashed phone loses nothing. The key (data-draft-key on the form) is per
// member and per case study ("baru" for a new one); the server never renders
// it for anonymous visitors.
//
// On load, a kept copy that differs from the form is put back, with a notice
// (#draf-dipulihkan) and a button to discard it. After a save the server
// names the key once (data-saved-draft-key, on the next page: the case study
// or the form) and the copy is dropped. Signing out drops every copy.
(() => {
  "use strict";

  const VERSION = 1;
  const DELAY_MS = 400;

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled (private mode, policy): nothing to do
    }
  }

  const store = storage();
  if (!store) {
    return;
  }

  // A save went through: forget the copy, on whichever page comes next.
  document.querySelectorAll("[data-saved-draft-key]").forEach((element) => {
    store.removeItem(element.getAttribute("data-saved-draft-key"));
  });

  const form = document.querySelector("form[data-draft-key]");
  if (!form) {
    return;
  }
  const key = form.getAttribute("data-draft-key");
  const messages = JSON.parse(document.getElementById("pesan-formulir").textContent);
  const notice = document.getElementById("draf-dipulihkan");
  const status = form.querySelector("[data-autosave-status]");

  // What the writer types: not the hidden token fields, not the buttons.
  const fields = Array.from(form.elements).filter(
    (element) =>
      element.name &&
      !element.disabled &&
      ["text", "textarea", "select-one", "search", "number"].includes(element.type),
  );

  // When editing: the version the text was written against. A copy restored
  // over a newer save keeps its old version, so saving it meets the edit
  // conflict page instead of silently replacing the other save.
  const version = form.elements.edit_version;
  const read = () => Object.fromEntries(fields.map((element) => [element.name, element.value]));
  const write = (values, seenVersion) => {
    if (version && seenVersion) {
      version.value = seenVersion;
    }
    fields.forEach((element) => {
      if (!(element.name in values)) {
        return;
      }
      if (element.type === "select-one") {
        const known = Array.from(element.options).some((o) => o.value === values[element.name]);
        if (!known) {
          return;
        }
      }
      element.value = values[element.name];
    });
    // Other scripts (the live preview) see the text change.
    form.dispatchEvent(new CustomEvent("lumbung:draft-restored"));
  };
  const same = (a, b) => fields.every((element) => (a[element.name] ?? "") === (b[element.name] ?? ""));

  const original = read(); // as the server rendered it
  const originalVersion = version ? version.value : "";
  const clock = (date) =>
    date.toLocaleTimeString(document.documentElement.lang || "id", {
      hour: "2-digit",
      minute: "2-digit",
    });

  function load() {
    try {
      const kept = JSON.parse(store.getItem(key) || "null");
      return kept && kept.v === VERSION && kept.fields ? kept : null;
    } catch (error) {
      return null;
    }
  }

  function save() {
    const values = read();
    try {
      if (same(values, original)) {
        store.removeItem(key); // nothing the server does not have already
        status.textContent = "";
        return;
      }
      const copy = { v: VERSION, at: new Date().toISOString(), fields: values };
      if (version) {
        copy.version = version.value;
      }
      store.setItem(key, JSON.stringify(copy));
      status.textContent = messages.draft_kept.replace("{time}", clock(new Date()));
    } catch (error) {
      // Full or refused: the form still holds the text; say nothing.
    }
  }

  let timer = null;
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY_MS);
  }
  function now() {
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
      save();
    }
  }

  const kept = load();
  if (kept && !same(kept.fields, original)) {
    write(kept.fields, kept.version);
    notice.hidden = false;
    const when = new Date(kept.at);
    const text = messages.draft_restored.replace(
      "{when}",
      Number.isNaN(when.getTime()) ? "" : `${when.toLocaleDateString(document.documentElement.lang || "id")} ${clock(when)}`,
    );
    // Filled after it is shown, so the status is announced.
    window.setTimeout(() => {
      notice.querySelector("[data-pesan]").textContent = text;
    }, 50);
    notice.querySelector("[data-buang-draf]").addEventListener("click", (event) => {
      store.removeItem(key);
      write(original, originalVersion);
      status.textContent = "";
      event.currentTarget.hidden = true;
      notice.querySelector("[data-pesan]").textContent = messages.draft_discarded;
      notice.setAttribute("tabindex", "-1");
      notice.focus();
    });
  }

  // Signing out clears this device's copies (the sign-out response sends
  // Clear-Site-Data): a save still waiting must not write one back.
  document.addEventListener("submit", (event) => {
    if (event.target.matches("form[data-sign-out]")) {
      window.clearTimeout(timer);
      timer = null;
    }
  });

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("lumbung:tag-chosen", later);
  // Leaving or hiding the page: keep what was typed in the last moment.
  window.addEventListener("pagehide", now);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      now();
    }
  });
})();
