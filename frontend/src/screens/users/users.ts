// Accounts, for administrators: who can log in, with which role; create an
// account with a temporary password (shown once, to be changed at first
// login); change a role or deactivate an account. Go refuses the last
// active administrator's demotion.

import { asApiError, users } from "../../api";
import type { RefItem, User } from "../../api";
import { loginInput } from "../../components/credentials";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, select, textInput } from "../../components/form";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";
import type { Screen } from "../../nav";
import { me } from "../../session";
import { label, load, roleList } from "../../store";

const t = fr.users;

export const usersScreen: Screen = async (root) => {
  const roles = roleList();
  const status = h("div", { id: "users-status", role: "status", "aria-live": "polite" });
  const listBox = h("div", { id: "users-list", class: "table-scroll" });
  const created = h("section", { id: "users-created", class: "created-account", hidden: true, tabindex: "-1", "aria-labelledby": "users-created-title" });

  async function refresh(): Promise<void> {
    renderList(listBox, await users.list(), roles, status, () => void refresh().catch((err) => replace(listBox, errorBox(err))));
  }

  const create = createForm(roles, (u, password) => {
    showCreated(created, u, password);
    void refresh().catch((err) => replace(listBox, errorBox(err)));
  });

  await refresh();
  root.append(
    h("h1", {}, t.title),
    h("p", { class: "lead" }, t.intro),
    h("section", { "aria-labelledby": "users-list-title" },
      h("h2", { id: "users-list-title" }, t.listTitle),
      status,
      listBox),
    h("section", { class: "card", "aria-labelledby": "users-create-title" },
      h("h2", { id: "users-create-title" }, t.createTitle),
      created,
      create),
    h("section", { "aria-labelledby": "users-roles-title" },
      h("h2", { id: "users-roles-title" }, t.rolesTitle),
      h("dl", { class: "facts" },
        roles.flatMap((r) => [h("dt", {}, r.label), h("dd", {}, t.roleHelp[r.code] ?? "")]))),
  );
};

function renderList(root: HTMLElement, all: User[], roles: RefItem[], status: HTMLElement, changed: () => void): void {
  const options = roles.map((r) => ({ value: r.code, label: r.label }));
  const myId = me()?.id ?? "";
  replace(
    root,
    h(
      "table",
      { class: "table users-table" },
      h("thead", {},
        h("tr", {},
          h("th", { scope: "col" }, t.colName),
          h("th", { scope: "col" }, t.colLogin),
          h("th", { scope: "col" }, t.colRole),
          h("th", { scope: "col" }, t.colActive),
          h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t.colActions)))),
      h("tbody", {},
        all.map((u) => {
          const role = select(`users-role-${u.id}`, options, u.role);
          role.setAttribute("aria-label", t.roleFor(u.displayName));
          role.dataset.testid = "user-role";
          const active = h("input", { type: "checkbox", id: `users-active-${u.id}`, "aria-label": t.activeFor(u.displayName), "data-testid": "user-active" });
          active.checked = u.active;
          const save = button(t.save, { "aria-label": t.saveFor(u.displayName), "data-testid": "user-save" }, "secondary");
          save.classList.add("btn-small");
          save.disabled = true;
          const dirty = () => {
            save.disabled = role.value === u.role && active.checked === u.active;
          };
          role.addEventListener("change", dirty);
          active.addEventListener("change", dirty);
          save.addEventListener("click", async () => {
            save.disabled = true;
            replace(status);
            try {
              await users.setRole(u.id, role.value, active.checked);
              replace(status, h("p", { class: "flash" }, t.saved(u.displayName)));
              changed();
              // The visit and person forms list the users.
              void load(true).catch(() => undefined);
            } catch (err) {
              replace(status, errorBox(err));
              dirty();
            }
          });
          return h(
            "tr",
            { "data-testid": "user-row", "data-login": u.login, class: u.active ? "" : "inactive" },
            h("th", { scope: "row" }, u.displayName, u.id === myId ? h("span", { class: "muted" }, ` ${t.you}`) : null),
            h("td", { "data-testid": "user-login" }, u.login || h("span", { class: "muted" }, t.noLogin)),
            h("td", {}, role, h("span", { class: "visually-hidden", "data-testid": "user-role-label" }, label.role(u.role))),
            h("td", {}, active),
            h("td", {}, save),
          );
        })),
    ),
  );
}

function createForm(roles: RefItem[], created: (u: User, password: string) => void): HTMLFormElement {
  const inputs = {
    displayName: textInput("users-displayName", "", { autocomplete: "off" }),
    login: loginInput("users-login"),
    role: select("users-role", roles.map((r) => ({ value: r.code, label: r.label })), "", t.chooseRole),
    temporaryPassword: textInput("users-temporaryPassword", "", { autocomplete: "off", spellcheck: "false", class: "password-shown" }),
  };
  // A new account's login must not be filled in by the browser with the
  // administrator's own.
  inputs.login.setAttribute("autocomplete", "off");
  const suggest = button(t.suggest, { id: "users-suggest" }, "secondary");
  suggest.addEventListener("click", () => {
    inputs.temporaryPassword.value = suggestPassword();
    inputs.temporaryPassword.focus();
  });
  const submit = button(t.create, { type: "submit", id: "users-create" }, "primary");
  const form = h(
    "form",
    { id: "users-form", class: "form-grid", novalidate: true, "aria-labelledby": "users-create-title" },
    field(t.displayName, inputs.displayName, { required: true, hint: t.displayNameHint }),
    field(t.login, inputs.login, { required: true, hint: fr.passwords.loginHint }),
    field(t.role, inputs.role, { required: true }),
    h("div", { class: "field-with-action" },
      field(t.temporaryPassword, inputs.temporaryPassword, { required: true, hint: `${t.temporaryPasswordHint} ${fr.passwords.rules}` }),
      suggest),
    h("div", { class: "form-actions field-wide" }, submit),
  );
  const errors = new FormErrors(form, "users");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const account = {
      displayName: inputs.displayName.value.trim(),
      login: inputs.login.value.trim(),
      role: inputs.role.value,
      temporaryPassword: inputs.temporaryPassword.value,
    };
    for (const [name, value] of Object.entries(account)) {
      if (value === "") errors.set(name, t.required);
    }
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      const u = await users.create(account);
      form.reset();
      errors.clear();
      created(u, account.temporaryPassword);
      void load(true).catch(() => undefined);
    } catch (err) {
      // Go judges the temporary password as any password: "password".
      const e = asApiError(err);
      if (e.field === "password") errors.set("temporaryPassword", e.message);
      else errors.setError(err);
      errors.focusFirst();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function showCreated(box: HTMLElement, u: User, password: string): void {
  replace(
    box,
    h("h3", { id: "users-created-title" }, t.createdTitle(u.displayName)),
    h("dl", { class: "facts" },
      h("dt", {}, t.createdLogin),
      h("dd", {}, h("code", { id: "users-created-login" }, u.login)),
      h("dt", {}, t.createdPassword),
      h("dd", {}, h("code", { id: "users-created-password", class: "password-shown" }, password))),
    h("p", { id: "users-created-note" }, t.createdNote),
  );
  box.hidden = false;
  box.focus();
}

// A temporary password that meets Go's rules: three groups of four
// characters, each with a capital, a small letter and a digit, and none of
// the characters one confuses when reading aloud (0/O, 1/l/I).
function suggestPassword(): string {
  const upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  const lower = "abcdefghijkmnpqrstuvwxyz";
  const digits = "23456789";
  const any = upper + lower + digits;
  const pick = (set: string): string => set[randomBelow(set.length)];
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    const chars = [pick(upper), pick(lower), pick(digits), pick(any)];
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomBelow(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    groups.push(chars.join(""));
  }
  return groups.join("-");
}

function randomBelow(n: number): number {
  const buf = new Uint32Array(1);
  // Rejection sampling keeps every character equally likely.
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  do {
    crypto.getRandomValues(buf);
  } while (buf[0] >= limit);
  return buf[0] % n;
}
