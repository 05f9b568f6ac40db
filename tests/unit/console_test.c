/* The console's boot stamp: the counter read after the first byte has
 * reached a console's driver, never before it, and not while there is no
 * console to take it; lines, the input ring, and the console's binding
 * by stdout-path and by the hypervisor's UART description. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "irq.h"
#include "kerr.h"
#include "kernel.h"
#include "mutex.h"
#include "sem.h"
#include "thread.h"
#include "unit.h"

/* The counter: one tick per read, so that reads are ordered. */
static uint64_t counter = 100;

uint64_t unit_counter_read(void)
{
	return ++counter;
}

/* What the rest of the kernel gives the console; none of it runs here. */
struct boot_stamps boot_stamps;
struct irq_hot irq_hot;

/* Thread context when a test sets `self`; boot code otherwise. */
static struct thread *self;

struct thread *thread_self(void) { return self; }
/* The console lock's takes, and those from an interrupt handler. */
static unsigned int locks, locks_in_isr;

int mutex_lock(struct mutex *m, uint64_t timeout)
{
	(void)m;
	(void)timeout;
	locks++;
	locks_in_isr += irq_hot.nesting != 0;
	return 0;
}
int mutex_unlock(struct mutex *m)
{
	(void)m;
	return 0;
}
/* The waiting reader's kernel: one counter tick per ns; a take runs what
 * the test says the interrupt or the time does meanwhile. */
static unsigned int gives, takes;
static uint64_t last_take_timeout;
static int (*take_meanwhile)(uint64_t timeout);

uint64_t ktime_deadline_after(uint64_t ns)
{
	return ns > UINT64_MAX - counter ? UINT64_MAX : counter + ns;
}
uint64_t clock_ticks_to_ns(uint64_t ticks) { return ticks; }
void sem_init(struct sem *s, unsigned int initial, unsigned int max)
{
	s->count = initial;
	s->max = max;
}
int sem_give_from_isr(struct sem *s)
{
	(void)s;
	gives++;
	return 0;
}
int sem_take(struct sem *s, uint64_t timeout)
{
	(void)s;
	takes++;
	last_take_timeout = timeout;
	return take_meanwhile(timeout);
}
/* /chosen's stdout-path when a test sets `stdout_path`; the path
 * console_bind_fdt() then looks up, in looked_up[]. */
static const char *stdout_path;
static char looked_up[128];
#define CHOSEN_NODE 4
#define UART_NODE 8

int fdt_path_offset_len(const struct fdt *fdt, const char *path, size_t len)
{
	(void)fdt;
	if (!stdout_path)
		return -1;
	if (len == 7 && !strncmp(path, "/chosen", len))
		return CHOSEN_NODE;
	snprintf(looked_up, sizeof(looked_up), "%.*s", (int)len, path);
	return UART_NODE;
}
int fdt_prop_string(const struct fdt *fdt, int node, const char *name,
		    const char **out)
{
	(void)fdt;
	if (!stdout_path || node != CHOSEN_NODE || strcmp(name, "stdout-path") != 0)
		return -1;
	*out = stdout_path;
	return 0;
}
/* The nodes a tree walk meets when a test sets `walk` (0-terminated):
 * enabled UARTs of uart_driver, each at node * UART_STRIDE. */
static const int *walk;
#define UART_STRIDE UINT64_C(0x1000)

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	(void)fdt;
	(void)depth;
	for (const int *n = walk; n && *n; n++)
		if (*n > node)
			return *n;
	return -E_NOENT;
}
int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size)
{
	(void)fdt;
	(void)node;
	(void)index;
	(void)base;
	(void)size;
	return -1;
}
bool fdt_node_is_enabled(const struct fdt *fdt, int node)
{
	(void)fdt;
	(void)node;
	return walk != NULL;
}

/* A UART driver whose probe takes only the node at cfg's address, and
 * notes each node it is asked about. */
static char uart_probed[64];

static int uart_probe_at(const struct fdt *fdt, int node,
			 const struct uart_config *cfg)
{
	size_t used = strlen(uart_probed);

	(void)fdt;
	snprintf(uart_probed + used, sizeof(uart_probed) - used, "%d ", node);
	return cfg->base == (uint64_t)node * UART_STRIDE ? 0 : -E_NOENT;
}

static const struct driver uart_driver = {
	.name = "uart", .class = DRIVER_CONSOLE, .uart_type = "8250",
	.probe_uart = uart_probe_at,
};

const struct driver *driver_find(const struct fdt *fdt, int node,
				 enum driver_class class)
{
	(void)fdt;
	(void)node;
	return walk && class == DRIVER_CONSOLE ? &uart_driver : NULL;
}
int driver_bind_node(const struct fdt *fdt, int node, enum driver_class class)
{
	(void)fdt;
	return node == UART_NODE && class == DRIVER_CONSOLE ? 0 : -1;
}

/* A UART that notes the counter when it takes its first byte. */
static char out[64];
static size_t out_len;
static uint64_t first_taken;

/* An interrupt handler's line, printed from inside the UART's write once
 * a chunk that ends as `interrupt_after` says has gone out. */
static const char *isr_line;
static char interrupt_after;

static void uart_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	if (!out_len)
		first_taken = unit_counter_read();
	for (; n && out_len < sizeof(out); n--)
		out[out_len++] = *s++;
	if (isr_line && out_len && out[out_len - 1] == interrupt_after) {
		const char *line = isr_line;

		isr_line = NULL;
		irq_hot.nesting++;
		kprintf("%s\n", line);
		irq_hot.nesting--;
	}
}

static struct console uart = { .name = "test-uart", .write = uart_write };

UNIT_TEST(the_first_byte_stamp_follows_the_byte_into_the_uart)
{
	kputs("lost: no console yet\n");
	EXPECT(boot_stamps.first_byte == 0,
	       "stamped with no console to take the byte: %llu",
	       (unsigned long long)boot_stamps.first_byte);

	console_register(&uart);
	kprintf("cellmate on %s\n", "test");
	REQUIRE(first_taken != 0, "the UART took nothing");
	EXPECT(boot_stamps.first_byte > first_taken,
	       "stamp %llu taken before the UART had the byte (at %llu)",
	       (unsigned long long)boot_stamps.first_byte,
	       (unsigned long long)first_taken);
	EXPECT(out_len == 18 && memcmp(out, "cellmate on test\r\n", 18) == 0,
	       "the line whole and once: '%.*s'", (int)out_len, out);

	uint64_t stamp = boot_stamps.first_byte;

	kputs("again\n");
	EXPECT(boot_stamps.first_byte == stamp, "stamped twice");
}

#define EXPECT_OUT(want)                                                  \
	EXPECT(out_len == sizeof(want) - 1 &&                             \
	       memcmp(out, want, sizeof(want) - 1) == 0,                  \
	       "'%.*s', not '%s'", (int)out_len, out, want)

static void out_reset(void)
{
	out_len = 0;
	memset(out, 0, sizeof(out));
}

UNIT_TEST(an_interrupt_handler_line_starts_a_line_of_its_own)
{
	struct thread thread;

	console_register(&uart);
	kputs("boot\n");	/* the boot stamp's split is not this test's */
	self = &thread;

	/* Mid-line: the handler's line gets a new line first, and the
	 * thread's goes on below it. */
	out_reset();
	isr_line = "irq";
	interrupt_after = ':';
	kprintf("thread:%s\n", "rest");
	EXPECT_OUT("thread:\r\nirq\r\nrest\r\n");

	/* At a line's end: no empty line. */
	out_reset();
	isr_line = "irq";
	interrupt_after = '\n';
	kprintf("%s%s", "one\n", "two\n");
	EXPECT_OUT("one\r\nirq\r\ntwo\r\n");

	/* Boot code prints a line in pieces, each call unlocked: they join. */
	self = NULL;
	out_reset();
	kprintf("a");
	kprintf("b\n");
	EXPECT_OUT("ab\r\n");
	console_clear();
}

/* An interrupt that comes while the UART takes the text of a run that
 * ends a line ("thread\n" is one run): the handler's line must still
 * start on a line of its own (docs/kernel.md, Console), not go on the end
 * of the thread's text. */
UNIT_TEST(an_interrupt_during_the_text_before_a_line_break_starts_its_own_line)
{
	struct thread thread;

	console_register(&uart);
	kputs("boot\n");
	self = &thread;

	out_reset();
	isr_line = "irq";
	interrupt_after = 'd';		/* "thread" taken, "\r\n" not yet */
	kprintf("thread\n");
	EXPECT(out_len >= 8 && memcmp(out, "thread\r\n", 8) == 0,
	       "the handler's line on a line of its own: got '%.*s'",
	       (int)out_len, out);
	self = NULL;
	console_clear();
}

/* A thread's line takes the console lock; a handler's line, which
 * interrupts it, must not (a handler cannot wait on a mutex), nor does
 * boot code's. */
UNIT_TEST(a_thread_line_takes_the_console_lock_and_a_handler_line_does_not)
{
	struct thread thread;

	console_register(&uart);
	kputs("boot\n");
	self = &thread;
	out_reset();
	locks = locks_in_isr = 0;
	isr_line = "irq";
	interrupt_after = ':';
	kprintf("thread:%s\n", "rest");
	EXPECT(locks == 1 && locks_in_isr == 0, "the thread's line locked, "
	       "the handler's not: %u locks, %u in the handler", locks,
	       locks_in_isr);
	self = NULL;
	locks = 0;
	kprintf("boot line\n");
	EXPECT(locks == 0, "boot code's line not locked: %u locks", locks);
	console_clear();
}

/* No /chosen stdout-path: nothing to bind, and the caller is told. */
UNIT_TEST(a_tree_without_a_stdout_path_binds_no_console)
{
	int err;

	stdout_path = NULL;
	looked_up[0] = '\0';
	err = console_bind_fdt(NULL);
	EXPECT(err == -E_NOENT && looked_up[0] == '\0',
	       "-E_NOENT and nothing looked up, got %d", err);
}

/* A device that notes how many bytes it took. */
struct counting_console {
	struct console con;
	size_t taken;
};

static void counting_write(struct console *con, const char *s, size_t n)
{
	(void)s;
	((struct counting_console *)(void *)con)->taken += n;
}

UNIT_TEST(a_console_past_the_table_limit_is_not_registered)
{
	struct counting_console c[CONSOLE_MAX + 1];

	console_clear();
	for (unsigned int i = 0; i <= CONSOLE_MAX; i++) {
		c[i] = (struct counting_console){
			{ .name = "counting", .write = counting_write }, 0 };
		console_register(&c[i].con);
	}
	console_register(&c[0].con);	/* again: no second entry */
	kputs("line\n");
	for (unsigned int i = 0; i < CONSOLE_MAX; i++)
		EXPECT(c[i].taken == 6, "console %u took \"line\\r\\n\" once, "
		       "got %zu bytes", i, c[i].taken);
	EXPECT(c[CONSOLE_MAX].taken == 0, "console %u (one past CONSOLE_MAX) "
	       "took nothing, got %zu bytes", CONSOLE_MAX,
	       c[CONSOLE_MAX].taken);
	EXPECT(console_get() == &c[0].con, "the first one receives");
	console_clear();
}

UNIT_TEST(the_input_ring_holds_64_bytes_and_counts_the_65th)
{
	unsigned int overruns = console_rx_overruns();
	int c;

	while (console_getc() >= 0)
		;
	for (int i = 0; i < 65; i++)
		console_rx_push((char)('A' + i));
	EXPECT(console_rx_overruns() == overruns + 1,
	       "one overrun (the 65th byte), got %u",
	       console_rx_overruns() - overruns);
	for (int i = 0; i < 64; i++) {
		c = console_getc();
		EXPECT(c == 'A' + i, "byte %d is '%c', got %d", i, 'A' + i, c);
	}
	c = console_getc();
	EXPECT(c == -E_AGAIN, "then none: -E_AGAIN, got %d", c);
	/* Room again once read. */
	console_rx_push('z');
	c = console_getc();
	EXPECT(c == 'z', "a byte after the drain: 'z', got %d", c);
}

static int rx_start_ok(struct console *con)
{
	(void)con;
	return 0;
}

static int byte_arrives(uint64_t timeout)
{
	(void)timeout;
	console_rx_push('q');
	return 0;
}

static int time_passes(uint64_t timeout)
{
	counter += timeout;
	return -E_TIMEOUT;
}

UNIT_TEST(a_wait_for_input_waits_for_the_handlers_byte_and_no_longer)
{
	static struct console rx = { .name = "rx", .write = uart_write,
				     .rx_start = rx_start_ok };
	int c;

	while (console_getc() >= 0)
		;
	c = console_getc_wait(1000);
	EXPECT(c == -E_NOTSUP, "before console_rx_start(): -E_NOTSUP, got %d",
	       c);
	console_clear();
	console_register(&rx);
	REQUIRE(console_rx_start() == 0, "rx start");

	take_meanwhile = byte_arrives;
	c = console_getc_wait(1000);
	EXPECT(c == 'q' && takes == 1 && gives == 1,
	       "the pushed byte after one wait: 'q', got %d (%u takes, %u "
	       "gives)", c, takes, gives);

	/* A byte read by console_getc() left its give behind: the wait
	 * that finds the ring empty waits on, to the deadline. */
	console_rx_push('x');
	EXPECT(console_getc() == 'x', "x");
	takes = 0;
	take_meanwhile = time_passes;
	c = console_getc_wait(500);
	EXPECT(c == -E_TIMEOUT && takes == 1 && last_take_timeout <= 500,
	       "-E_TIMEOUT after one wait of at most 500 ns, got %d (%u "
	       "takes, %llu ns)", c, takes,
	       (unsigned long long)last_take_timeout);

	takes = 0;
	c = console_getc_wait(TIMEOUT_NONE);
	EXPECT(c == -E_AGAIN && takes == 0, "a try: -E_AGAIN, no wait, got %d",
	       c);
	console_clear();
}

/* console_bind_fdt() looks up the path before any ':', whatever its
 * length: it used to copy it into 64 bytes and refuse a longer one. */
UNIT_TEST(a_long_stdout_path_binds_looked_up_whole_without_its_options)
{
	char path[120];
	int err;

	memset(path, 'p', sizeof(path));
	path[0] = '/';
	memcpy(path + 100, ":115200n8", sizeof(":115200n8"));
	stdout_path = path;
	looked_up[0] = '\0';
	err = console_bind_fdt(NULL);
	EXPECT(err == 0 && strlen(looked_up) == 100 &&
		       !strncmp(looked_up, path, 100),
	       "100 characters (and options): bound, looked up whole; got "
	       "%d, '%s'", err, looked_up);

	path[100] = '\0';
	looked_up[0] = '\0';
	err = console_bind_fdt(NULL);
	EXPECT(err == 0 && strlen(looked_up) == 100,
	       "100 characters, no options: bound, looked up whole; got %d, "
	       "'%s'", err, looked_up);
	stdout_path = NULL;
}

/* The hypervisor's console is the second UART of its type: the first
 * one's probe says "not me" (-E_NOENT), and the search goes on to it. */
UNIT_TEST(a_uart_console_binds_past_a_uart_of_its_type_at_another_address)
{
	static const int nodes[] = { 12, 16, 0 };
	struct uart_config cfg = { .type = "8250", .base = 16 * UART_STRIDE,
				   .reg_shift = -1 };
	const char *why = NULL;
	int err;

	walk = nodes;
	uart_probed[0] = '\0';
	err = console_bind_uart(NULL, &cfg, &why);
	EXPECT(err == 0 && !strcmp(uart_probed, "12 16 ") && !why,
	       "bound at node 16 after asking 12: got %d, asked '%s', why "
	       "'%s'", err, uart_probed, why ? why : "");
	cfg.base = 20 * UART_STRIDE;
	uart_probed[0] = '\0';
	err = console_bind_uart(NULL, &cfg, &why);
	EXPECT(err == -E_NOENT && !strcmp(uart_probed, "12 16 ") && why,
	       "none at that address: -E_NOENT with a reason, got %d, "
	       "asked '%s'", err, uart_probed);
	walk = NULL;
}

int main(void)
{
	return unit_run_all();
}
