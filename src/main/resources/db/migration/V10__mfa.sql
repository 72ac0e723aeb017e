-- Second factors of people who sign in with a password. A person belongs to the installation, not to one
-- workspace, so these rows carry no workspace_id; resetting them is limited to owners of a workspace the person
-- is a member of (SecondFactors.reset).

-- One confirmed authenticator (TOTP) per person. The secret is encrypted with the master key
-- (SecretEncryption, context 'totp:<user id>'); last_used_step is the latest 30-second step whose code was
-- accepted, so no code of that step or an earlier one is accepted again. No row: the person must enroll at
-- their next sign-in.
create table totp_factor (
    user_id        uuid primary key references app_user (id) on delete cascade,
    secret         text        not null,
    last_used_step bigint      not null,
    confirmed_at   timestamptz not null
);

-- Single-use recovery codes, shown once at enrollment. Only a SHA-256 hash is kept: each code carries 50 random
-- bits and the sign-in throttle limits guessing, so a slow hash would add nothing but latency.
create table recovery_code (
    user_id    uuid        not null references app_user (id) on delete cascade,
    code_hash  text        not null,
    created_at timestamptz not null,
    used_at    timestamptz,
    primary key (user_id, code_hash)
);
