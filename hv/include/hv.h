/* The hypervisor layer: what the kernel and applications may ask of the
 * environment the cell runs in. Two backends, chosen per build
 * (CELLMATE_HV): `none` (bare metal, QEMU) and `jailhouse` (a Jailhouse
 * non-root cell). Nothing outside hv/ knows which one is built. */
#ifndef HV_H
#define HV_H

#include <stdbool.h>
#include <stdint.h>

struct fdt;

/* Boot, after arch_init() (memory mapped, caches on: what the hypervisor
 * wrote may still be in its CPU's cache) and before the hypervisor's
 * console: finds and validates what the hypervisor provides (Jailhouse:
 * the communication region) and records platform overrides (platform.h).
 * Problems are kept as messages for hv_report() and turn into a fatal stop
 * there when the cell cannot run. */
void hv_init(const struct fdt *fdt);

/* Binds the console the hypervisor or the command line asks for: 0 when
 * it did, -E_NOENT when the device tree's stdout-path should be used. */
int hv_console_bind(const struct fdt *fdt);

/* Whether the kernel may use the interrupts of the device at `node`.
 * `jailhouse` says no, with a message naming the device, for one the cell
 * shares with the root cell (cellmate,jailhouse-root-shared): Jailhouse
 * leaves its interrupts with the root cell. */
bool hv_device_irqs_usable(const struct fdt *fdt, int node);

/* Whether another guest (Jailhouse: the root cell) drives the device at
 * `node` too. Its driver then does only its I/O and leaves the device set
 * up as that owner left it: rate, format, FIFOs, interrupt enables. */
bool hv_device_shared(const struct fdt *fdt, int node);

/* Prints what hv_init() found (and any rejected field) once a console
 * exists; stops the kernel if the environment is unusable. */
void hv_report(void);

/* The kernel is up and about to run the application: Jailhouse state
 * RUNNING, and the watch for hypervisor messages starts. Thread context. */
void hv_start(void);

/* Final state before the CPU stops: orderly (SHUT_DOWN) or failed. Also
 * before hv_init() (a failure while the device tree is read): the
 * hypervisor must learn that the kernel stopped. */
void hv_stopped(void);
void hv_failed(void);

/* The application's critical phases: while locked, the hypervisor's
 * shutdown requests are denied (Jailhouse RUNNING_LOCKED). Nestable. */
void hv_cell_lock(void);
void hv_cell_unlock(void);
bool hv_cell_locked(void);

/* Decides a shutdown request (thread context, the hv thread): return true
 * to approve. A locked cell denies it without asking the handler; a lock
 * taken while the handler runs denies it too, after the handler has run
 * (undoing its work is then the application's). With no handler an
 * unlocked cell approves. Work due before
 * the cell stops belongs here: once it has the approval, the hypervisor
 * may stop the CPU at any instruction (Jailhouse suspends it at once).
 * The hypervisor waits meanwhile, with the root cell's CPUs stopped; and
 * the handler runs on the hv thread's small stack (1 KiB under Jailhouse,
 * without a guard page): keep it short, and leave long work to a thread
 * that it wakes and whose end it awaits. */
typedef bool (*hv_shutdown_fn)(void *arg);
void hv_set_shutdown_handler(hv_shutdown_fn fn, void *arg);

/* Name of the backend ("none", "jailhouse"), for banners. */
const char *hv_name(void);

#endif
