/* Lines written before the console exists (command-line warnings, the
 * hypervisor layer's findings): kept in a small buffer and printed by
 * bootlog_flush() once a console is bound. */
#ifndef BOOTLOG_H
#define BOOTLOG_H

void bootlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints and forgets the kept lines. */
void bootlog_flush(void);

#endif
