// The first administrator of a structure where nobody can log in yet (a
// database from before accounts, or one filled by an import): choose their
// login and password, then they are logged in.

import { session } from "../../api";
import { checkConfirm, gatePage, loginInput, passwordInput } from "../../components/credentials";
import { h } from "../../components/dom";
import { button, field, FormErrors } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import type { GateScreen } from "../../nav";
import { ctx } from "../../store";

const t = fr.claim;

export const claimScreen: GateScreen = (root, _st, done) => {
  const login = loginInput("claim-login");
  const password = passwordInput("claim-password", "new-password");
  const confirm = passwordInput("claim-passwordConfirm", "new-password");
  const submit = button(t.submit, { type: "submit", id: "claim-submit" }, "primary");
  const form = h(
    "form",
    { id: "claim-form", class: "card stack gate-form", novalidate: true, "aria-labelledby": "claim-title" },
    field(t.login, login, { required: true, hint: fr.passwords.loginHint }),
    field(t.password, password, { required: true, hint: fr.passwords.rules }),
    field(t.confirm, confirm, { required: true }),
    h("div", { class: "form-actions" }, submit),
  );
  const errors = new FormErrors(form, "claim");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    if (login.value.trim() === "") errors.set("login", t.required);
    if (password.value === "") errors.set("password", t.required);
    if (confirm.value === "") errors.set("passwordConfirm", t.required);
    checkConfirm(password, confirm, errors, "passwordConfirm");
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      const st = await session.claimAdmin(login.value.trim(), password.value);
      flashNext(t.done);
      done(st);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  const org = ctx().organisation.name;
  root.append(
    gatePage(
      org,
      h("h1", { id: "claim-title" }, t.title),
      h("p", { class: "lead" }, t.intro(org)),
      form,
    ),
  );
  document.title = `${t.title} — ${fr.appName}`;
  login.focus();
};
