-- The hub's PostgreSQL role and database. Run once, as the postgres superuser:
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -v pw='a long random password' -f postgres.sql
-- then put the same password in FYDESK_HUB_DB in /etc/fydesk/hub.env. The hub creates its
-- tables itself (Alembic) on its first start, as the owner of the database.
CREATE ROLE fydesk_hub LOGIN PASSWORD :'pw';
CREATE DATABASE fydesk_hub OWNER fydesk_hub ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE fydesk_hub FROM PUBLIC;

-- Without a password, over the local socket (Debian's pg_hba.conf allows `local all all peer`):
-- name the role after the service's OS user instead, and skip the password:
--   CREATE ROLE "fydesk-hub" LOGIN;
--   CREATE DATABASE fydesk_hub OWNER "fydesk-hub" ENCODING 'UTF8' TEMPLATE template0;
-- with FYDESK_HUB_DB=postgresql://fydesk-hub@/fydesk_hub?host=/var/run/postgresql
