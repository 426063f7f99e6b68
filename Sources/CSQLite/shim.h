// libsqlite3 (libsqlite3-dev) for libRootmailSQLite.so. SQLITE_TRANSIENT is a cast of -1 to a
// function pointer, a macro Swift cannot import: this wrapper binds text with it (SQLite copies
// the bytes before it returns).
#include <sqlite3.h>

static inline int rootmail_sqlite3_bind_text_copy(sqlite3_stmt *statement, int index, const char *text, int bytes) {
  return sqlite3_bind_text(statement, index, text, bytes, SQLITE_TRANSIENT);
}
