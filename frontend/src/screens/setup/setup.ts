// First start: the structure, its first reception place and the first user,
// who chooses the login and password of the administrator account and is
// then logged in.

import { session, structure } from "../../api";
import type { Setup } from "../../api";
import { checkConfirm, gatePage, loginInput, passwordInput } from "../../components/credentials";
import { h } from "../../components/dom";
import { button, field, FormErrors, textInput } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import type { GateScreen } from "../../nav";

const t = fr.setup;

// The tab order is the order of the fields below; the desktop smoke test
// types the form with Tab between fields and Return to submit.
export const setupScreen: GateScreen = (root, _st, done) => {
  const inputs = {
    organisationName: textInput("setup-organisationName", "", { autocomplete: "organization" }),
    siteName: textInput("setup-siteName"),
    siteCommune: textInput("setup-siteCommune"),
    userName: textInput("setup-userName", "", { autocomplete: "name" }),
    login: loginInput("setup-login"),
    password: passwordInput("setup-password", "new-password"),
  };
  const confirm = passwordInput("setup-passwordConfirm", "new-password");
  const submit = button(t.submit, { type: "submit", id: "setup-submit" }, "primary");
  const form = h(
    "form",
    { class: "card form-grid setup-form", novalidate: true, "aria-labelledby": "setup-title" },
    field(t.organisationName, inputs.organisationName, { required: true, hint: t.organisationHint, wide: true }),
    field(t.siteName, inputs.siteName, { required: true, hint: t.siteHint }),
    field(t.siteCommune, inputs.siteCommune, { required: true }),
    field(t.userName, inputs.userName, { required: true, hint: t.userHint, wide: true }),
    h("h2", { class: "field-wide form-section-title" }, t.accountLegend),
    field(t.login, inputs.login, { required: true, hint: fr.passwords.loginHint, wide: true }),
    field(t.password, inputs.password, { required: true, hint: fr.passwords.rules }),
    field(t.confirm, confirm, { required: true }),
    h("div", { class: "form-actions field-wide" }, submit),
  );
  const errors = new FormErrors(form, "setup");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const input: Setup = {
      organisationName: inputs.organisationName.value.trim(),
      siteName: inputs.siteName.value.trim(),
      siteCommune: inputs.siteCommune.value.trim(),
      userName: inputs.userName.value.trim(),
      login: inputs.login.value.trim(),
      password: inputs.password.value,
    };
    for (const [name, value] of Object.entries(input)) {
      if (value === "") errors.set(name, t.required);
    }
    if (confirm.value === "") errors.set("passwordConfirm", t.required);
    checkConfirm(inputs.password, confirm, errors, "passwordConfirm");
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      await structure.setup(input);
      flashNext(t.done);
      done(await session.state());
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  root.append(
    gatePage(
      "",
      h("h1", { id: "setup-title" }, t.title),
      h("p", { class: "lead", id: "setup-intro" }, t.intro),
      form,
    ),
  );
  document.title = `${t.title} — ${fr.appName}`;
  inputs.organisationName.focus();
};
