#!/usr/bin/env bash
# Writes development secrets into the git-ignored .env once. Later runs keep
# what is there, so tokens and encrypted personal data stay readable after a
# restart; only a missing key is generated.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

random_hex() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

touch .env
chmod 600 .env
for key in HUHANG_JWT_KEY HUHANG_PII_KEY; do
	if [[ -n "${!key:-}" ]]; then
		continue # set in the environment, which wins over .env anyway
	fi
	if ! grep -q "^${key}=." .env; then
		printf '%s=%s\n' "$key" "$(random_hex)" >>.env
		echo "[dev-env] generated $key into .env (git-ignored; keep it: a new key signs everyone out or, for the PII key, makes stored personal data unreadable)"
	fi
done
