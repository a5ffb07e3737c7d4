// Login: the structure's name, an identifier and a password. Whoever logs
// in replaces whoever was at the desk. The Go side's message (a wrong
// password, or the wait after too many failures) goes under the password.

import { session } from "../../api";
import { gatePage, loginInput, passwordInput } from "../../components/credentials";
import { h } from "../../components/dom";
import { button, field, FormErrors } from "../../components/form";
import { fr } from "../../i18n/fr";
import type { GateScreen } from "../../nav";
import { ctx } from "../../store";

const t = fr.login;

export const loginScreen: GateScreen = (root, _st, done) => {
  const login = loginInput("login-login");
  const password = passwordInput("login-password", "current-password");
  const submit = button(t.submit, { type: "submit", id: "login-submit" }, "primary");
  const form = h(
    "form",
    { id: "login-form", class: "card stack gate-form", novalidate: true, "aria-labelledby": "login-title" },
    field(t.login, login, { required: true }),
    field(t.password, password, { required: true }),
    h("div", { class: "form-actions" }, submit),
  );
  const errors = new FormErrors(form, "login");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    if (login.value.trim() === "") errors.set("login", t.required);
    if (password.value === "") errors.set("password", t.required);
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      const st = await session.login(login.value.trim(), password.value);
      done(st);
    } catch (err) {
      password.value = "";
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  root.append(
    gatePage(
      ctx().organisation.name,
      h("h1", { id: "login-title" }, t.title),
      h("p", { class: "lead" }, t.intro),
      form,
    ),
  );
  document.title = `${t.title} — ${fr.appName}`;
  login.focus();
};
