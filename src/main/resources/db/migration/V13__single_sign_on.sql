-- Single sign-on: the identity at the provider (issuer + subject) an account is linked to. Matching on the
-- subject first means a later change of email at the provider cannot hand the account to someone else.
alter table app_user add column oidc_issuer text;
alter table app_user add column oidc_subject text;
create unique index app_user_oidc_identity_key on app_user (oidc_issuer, oidc_subject) where oidc_subject is not null;
