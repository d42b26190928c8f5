# Put first on the oracle's PYTHONPATH: Ansible then runs as without passlib (its password_hash falls back
# to crypt, 5000 rounds, which runbook's filter reproduces). The lab's prerequisites install passlib for the
# htpasswd comparison; without this, password_hash would switch to passlib's rounds whenever it is there.
raise ImportError("passlib is hidden from runbook's Ansible oracle")
