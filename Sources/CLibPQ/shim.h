// libpq, PostgreSQL's C client. Pipeline wraps it in `PostgresConnection`.
#include <libpq-fe.h>
