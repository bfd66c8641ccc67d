// The SAML HTTP-POST binding: send the signed answer on to the platform without a click.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
