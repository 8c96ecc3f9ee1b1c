// The writing form's aids, on top of a form that works without them:
//
// * Live preview: a moment after the writer stops typing, the title, summary
//   and sections are posted to data-preview-url (with the form's CSRF token)
//   and the server's rendering (the site's own Markdown and sanitiser) fills
//   #pratinjau-langsung. Only the parts that changed are replaced, so the
//   polite live region reads out only those.
// * Tag suggestions: the word after the last comma in the tags field is
//   looked up at data-tags-url; existing tags, most used first, are offered
//   in a listbox (ARIA combobox pattern: arrows move, Enter takes, Escape
//   closes), and the count is announced.
(() => {
  "use strict";

  const form = document.querySelector("form[data-preview-url]");
  if (!form) {
    return;
  }
  const messages = JSON.parse(document.getElementById("pesan-formulir").textContent);
  const csrf = form.querySelector('input[name="csrf_token"]');

  // --- live preview ---------------------------------------------------------

  const PREVIEW_DELAY_MS = 700;
  const PREVIEWED = ["title", "summary", "situation", "action", "result", "lessons"];
  const panel = document.getElementById("pratinjau-langsung");
  const body = panel.querySelector("[data-pratinjau-isi]");
  const problem = panel.querySelector("[data-pratinjau-status]");
  let previewTimer = null;
  let inFlight = null;
  let retryAt = 0;

  panel.hidden = false;

  function show(html) {
    const fresh = document.createElement("template");
    fresh.innerHTML = html; // sanitised by the server (app/text), and CSP holds
    const present = new Map(Array.from(body.children).map((part) => [part.dataset.bagian, part]));
    const kept = new Set();
    Array.from(fresh.content.children).forEach((part, i) => {
      const old = present.get(part.dataset.bagian);
      let node = part;
      if (old && old.innerHTML === part.innerHTML) {
        node = old; // unchanged: left alone, so it is not read out again
      } else if (old) {
        old.replaceWith(part);
      }
      kept.add(node);
      if (body.children[i] !== node) {
        body.insertBefore(node, body.children[i] || null);
      }
    });
    Array.from(body.children).forEach((part) => {
      if (!kept.has(part)) {
        part.remove();
      }
    });
  }

  async function failure(response) {
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      return messages.preview_signed_out;
    }
    if (response.status === 429) {
      const wait = Number(response.headers.get("Retry-After")) || 10;
      retryAt = Date.now() + wait * 1000;
      window.setTimeout(schedulePreview, wait * 1000);
      return messages.preview_too_often;
    }
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("application/json")) {
      const data = await response.json();
      if (data.error) {
        return data.error; // the server's own words, e.g. a section too long
      }
    }
    if (response.status === 400) {
      return messages.preview_expired; // the CSRF token was refused
    }
    return messages.preview_failed;
  }

  async function preview() {
    previewTimer = null;
    if (Date.now() < retryAt) {
      return;
    }
    if (inFlight) {
      inFlight.abort();
    }
    const controller = new AbortController();
    inFlight = controller;
    const data = new URLSearchParams();
    PREVIEWED.forEach((name) => data.append(name, form.elements[name] ? form.elements[name].value : ""));
    try {
      const response = await fetch(form.getAttribute("data-preview-url"), {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", ...(csrf && { "X-CSRFToken": csrf.value }) },
        credentials: "same-origin",
        redirect: "manual",
        signal: controller.signal,
      });
      if (controller !== inFlight) {
        return; // a newer request is on its way
      }
      if (response.ok) {
        show((await response.json()).html);
        problem.textContent = "";
      } else {
        problem.textContent = await failure(response);
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        problem.textContent = navigator.onLine === false ? messages.preview_offline : messages.preview_failed;
      }
    } finally {
      if (controller === inFlight) {
        inFlight = null;
      }
    }
  }

  function schedulePreview() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(preview, PREVIEW_DELAY_MS);
  }

  form.addEventListener("input", (event) => {
    if (PREVIEWED.includes(event.target.name)) {
      schedulePreview();
    }
  });
  form.addEventListener("lumbung:draft-restored", schedulePreview);
  window.addEventListener("online", schedulePreview);
  if (PREVIEWED.some((name) => form.elements[name] && form.elements[name].value.trim())) {
    preview();
  }

  // --- tag suggestions ------------------------------------------------------

  const SUGGEST_DELAY_MS = 200;
  const input = form.elements.tags;
  const list = document.getElementById("tags-saran");
  const announce = document.getElementById("tags-saran-status");
  if (!input || !list) {
    return;
  }
  let suggestTimer = null;
  let active = -1;
  let asked = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  const tokens = () => input.value.split(",");
  const lastWord = () => tokens().at(-1).trim();
  const options = () => Array.from(list.querySelectorAll('[role="option"]'));

  function close() {
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    const all = options();
    active = index;
    all.forEach((option, i) => option.setAttribute("aria-selected", i === index ? "true" : "false"));
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(name) {
    const parts = tokens().slice(0, -1).map((part) => part.trim()).filter(Boolean);
    parts.push(name);
    input.value = `${parts.join(", ")}, `;
    close();
    announce.textContent = messages.tag_added.replace("{tag}", name);
    input.focus();
    form.dispatchEvent(new CustomEvent("lumbung:tag-chosen"));
  }

  function open(tags) {
    const taken = new Set(tokens().slice(0, -1).map((part) => part.trim().toLowerCase()));
    const fresh = tags.filter((tag) => !taken.has(tag.name.toLowerCase()));
    close();
    if (!fresh.length) {
      announce.textContent = "";
      return;
    }
    fresh.forEach((tag, i) => {
      const option = document.createElement("li");
      option.id = `tags-saran-${i}`;
      option.className = "list-group-item list-group-item-action";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.tag = tag.name;
      const uses = document.createElement("span");
      uses.className = "text-body-secondary small ms-2";
      uses.textContent = `(${tag.label})`;
      option.append(tag.name, uses);
      list.append(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    announce.textContent = messages.tags_found.replace("{n}", fresh.length);
  }

  async function suggest() {
    const word = lastWord();
    if (!word) {
      close();
      return;
    }
    const ticket = ++asked;
    try {
      const url = new URL(form.getAttribute("data-tags-url"), window.location.href);
      url.searchParams.set("q", word.slice(0, 40));
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (ticket !== asked || document.activeElement !== input) {
        return; // typed on, or left the field
      }
      if (response.ok) {
        open((await response.json()).tags);
      } else {
        close();
      }
    } catch (error) {
      close(); // offline: no suggestions, typing still works
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(suggestTimer);
    suggestTimer = window.setTimeout(suggest, SUGGEST_DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const all = options();
    if (list.hidden || !all.length) {
      return;
    }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % all.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? all.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // take the tag; do not submit the form
      choose(all[active].dataset.tag);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 150));
  list.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus
  list.addEventListener("click", (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) {
      choose(option.dataset.tag);
    }
  });
})();
