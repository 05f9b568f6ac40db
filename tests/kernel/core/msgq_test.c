/* Message queues: FIFO order, blocking when full and empty, timeouts, and
 * direct hand-over to a waiting receiver. */
#include "clock.h"
#include "irq.h"
#include "kerr.h"
#include "kstring.h"
#include "ktest.h"
#include "msgq.h"
#include "sem.h"
#include "swtimer.h"
#include "thread.h"

#define STACK 2048

struct item {
	unsigned int seq;
	unsigned int check;
};

static struct msgq q;
static struct item storage[4];
static struct thread threads[2];
static uint8_t stacks[2][STACK] __attribute__((aligned(16)));

KTEST(msgq, items_come_out_in_the_order_they_went_in)
{
	struct item it;

	msgq_init(&q, storage, sizeof(struct item), 4);
	for (unsigned int i = 0; i < 4; i++) {
		it = (struct item){ i, ~i };
		KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == 0, "send %u", i);
	}
	it = (struct item){ 9, 9 };
	KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == -E_AGAIN,
		  "a full queue refuses a try-send");
	for (unsigned int i = 0; i < 4; i++) {
		KT_EXPECT(msgq_recv(&q, &it, TIMEOUT_NONE) == 0 && it.seq == i &&
			  it.check == ~i, "item %u intact and in order", i);
	}
	KT_EXPECT(msgq_recv(&q, &it, TIMEOUT_NONE) == -E_AGAIN,
		  "an empty queue refuses a try-receive");
}

/* The oldest item's slot goes round the buffer and back to its start: a
 * position that only grew would break the order once it passed 32 bits
 * (2^32 is no multiple of 3), after days of traffic, not in a test. */
KTEST(msgq, the_oldest_items_slot_wraps_round_the_buffer)
{
	struct item it;
	bool in_order = true;

	msgq_init(&q, storage, sizeof(struct item), 3);
	for (unsigned int i = 0; i < 7; i++) {
		it = (struct item){ i, ~i };
		msgq_send(&q, &it, TIMEOUT_NONE);
		if (msgq_recv(&q, &it, TIMEOUT_NONE) != 0 || it.seq != i)
			in_order = false;
	}
	KT_EXPECT(in_order, "7 items through a queue of 3, in order");
	KT_EXPECT(q.head == 7 % 3, "the oldest item's slot at %u after 7 "
		  "receives, got %u", 7 % 3, q.head);
}

/* msgq_init() starts the ring afresh over whatever the structure held: a
 * stale oldest-item position of 0xffffffff would put the first two items
 * in one slot of 3 (2^32 - 1 and 2^32 both leave 0 divided by 3). */
KTEST(msgq, a_queue_set_up_over_stale_memory_starts_at_its_first_slot)
{
	struct item it;
	bool in_order = true;

	memset(&q, 0xff, sizeof(q));
	msgq_init(&q, storage, sizeof(struct item), 3);
	KT_EXPECT(q.head == 0 && msgq_count(&q) == 0, "an empty queue at slot "
		  "0, got %u items at slot %u", msgq_count(&q), q.head);
	for (unsigned int i = 0; i < 3; i++) {
		it = (struct item){ i, ~i };
		KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == 0, "send %u", i);
	}
	for (unsigned int i = 0; i < 3; i++)
		if (msgq_recv(&q, &it, TIMEOUT_NONE) != 0 || it.seq != i ||
		    it.check != ~i)
			in_order = false;
	KT_EXPECT(in_order, "3 items out intact and in order");
}

KTEST(msgq, a_receive_on_an_empty_queue_times_out)
{
	struct item it;
	uint64_t start = clock_ticks();

	msgq_init(&q, storage, sizeof(struct item), 4);
	KT_EXPECT(msgq_recv(&q, &it, MS(2)) == -E_TIMEOUT, "E_TIMEOUT");
	KT_EXPECT(clock_ticks() - start >= clock_ns_to_ticks(MS(2)),
		  "after at least 2 ms");
}

static unsigned int received[32];
static unsigned int nreceived;

static void consumer(void *arg)
{
	struct item it;

	(void)arg;
	for (int i = 0; i < 20; i++) {
		if (msgq_recv(&q, &it, MS(100)) != 0)
			return;
		received[nreceived++] = it.seq;
		if (it.check != ~it.seq)
			received[nreceived - 1] = 0xdead;
		thread_sleep(US(100));	/* slower than the producer */
	}
}

KTEST(msgq, a_fast_producer_blocks_on_a_full_queue_and_nothing_is_lost)
{
	unsigned int blocked = 0;

	msgq_init(&q, storage, sizeof(struct item), 4);
	nreceived = 0;
	thread_create(&threads[0], "consumer", KTEST_MAIN_PRIO + 1, consumer, NULL,
		      stacks[0], STACK, 0);
	for (unsigned int i = 0; i < 20; i++) {
		struct item it = { i, ~i };

		if (msgq_count(&q) == 4)
			blocked++;
		KT_EXPECT(msgq_send(&q, &it, MS(100)) == 0, "send %u", i);
	}
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(nreceived == 20, "20 items received, got %u", nreceived);
	for (unsigned int i = 0; i < nreceived; i++)
		KT_EXPECT(received[i] == i, "item %u in order, got %u", i,
			  (unsigned int)received[i]);
	KT_EXPECT(blocked > 0, "the producer to have found the queue full");
}

static struct item handed;
static int handed_result;

static void high_receiver(void *arg)
{
	(void)arg;
	handed_result = msgq_recv(&q, &handed, TIMEOUT_FOREVER);
}

KTEST(msgq, a_waiting_receiver_gets_the_item_directly)
{
	struct item it = { 77, ~77u };

	msgq_init(&q, storage, sizeof(struct item), 4);
	thread_create(&threads[0], "rx", KTEST_MAIN_PRIO + 1, high_receiver, NULL,
		      stacks[0], STACK, 0);
	KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == 0, "send");
	KT_EXPECT(handed_result == 0 && handed.seq == 77,
		  "the receiver ran at once with item 77");
	KT_EXPECT(msgq_count(&q) == 0, "nothing left in the queue");
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
}

/* Capacity 0: no storage, every item goes from a sender's hands to a
 * receiver's, whichever of them comes first. */
static int rendezvous_result;

static void waiting_sender(void *arg)
{
	struct item it = { 55, ~55u };

	(void)arg;
	rendezvous_result = msgq_send(&q, &it, MS(20));
}

KTEST(msgq, a_queue_without_storage_hands_items_over_both_ways)
{
	struct item it;

	msgq_init(&q, NULL, sizeof(struct item), 0);
	/* The receiver first: the send hands over. */
	thread_create(&threads[0], "rx", KTEST_MAIN_PRIO + 1, high_receiver, NULL,
		      stacks[0], STACK, 0);
	it = (struct item){ 77, ~77u };
	KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == 0 && handed.seq == 77,
		  "a send to a waiting receiver");
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	/* The sender first: the receive takes from it. */
	rendezvous_result = 1;
	thread_create(&threads[1], "tx", KTEST_MAIN_PRIO + 1, waiting_sender, NULL,
		      stacks[1], STACK, 0);
	KT_EXPECT(msgq_recv(&q, &it, MS(5)) == 0 && it.seq == 55 &&
		  it.check == ~55u, "a receive from a waiting sender, got "
		  "item %u", it.seq);
	thread_join(&threads[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(rendezvous_result == 0, "the sender's send to succeed, "
		  "got %d", rendezvous_result);
	KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == -E_AGAIN &&
		  msgq_recv(&q, &it, TIMEOUT_NONE) == -E_AGAIN,
		  "tries without a partner to fail with E_AGAIN");
}

/* The _from_isr calls from a software timer's callback (interrupt
 * context, where the blocking ones assert): never a wait, -E_AGAIN when
 * full or empty, hand-over to and from waiting threads as in threads. */
static struct swtimer isr_timer;
static struct sem isr_done;
static bool isr_context;
static int isr_result[5];
static struct item isr_items[5];

static void isr_done_give(void)
{
	isr_context = irq_in_isr();
	sem_give_from_isr(&isr_done);
}

static void send_from_isr(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
	for (unsigned int i = 0; i < 4; i++) {
		struct item it = { 100 + i, ~(100 + i) };

		isr_result[i] = msgq_send_from_isr(&q, &it);
	}
	isr_done_give();
}

static void isr_run(swtimer_fn fn)
{
	sem_init(&isr_done, 0, 1);
	for (unsigned int i = 0; i < 5; i++)
		isr_result[i] = 1;
	swtimer_init(&isr_timer, fn, NULL);
	swtimer_start(&isr_timer, US(200), 0);
}

KTEST(msgq, an_interrupt_handler_sends_without_waiting_and_is_refused_when_full)
{
	struct item it;

	msgq_init(&q, storage, sizeof(struct item), 2);
	handed_result = 1;
	thread_create(&threads[0], "rx", KTEST_MAIN_PRIO + 1, high_receiver,
		      NULL, stacks[0], STACK, 0);
	isr_run(send_from_isr);
	KT_ASSERT(sem_take(&isr_done, MS(50)) == 0, "the callback to run");
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(isr_context, "sent in interrupt context");
	KT_EXPECT(isr_result[0] == 0 && handed_result == 0 &&
		  handed.seq == 100, "item 100 handed to the waiting receiver "
		  "(%d, %d, item %u)", isr_result[0], handed_result, handed.seq);
	KT_EXPECT(isr_result[1] == 0 && isr_result[2] == 0,
		  "101 and 102 queued: %d %d", isr_result[1], isr_result[2]);
	KT_EXPECT(isr_result[3] == -E_AGAIN, "103 into the full queue: "
		  "-E_AGAIN, got %d", isr_result[3]);
	KT_EXPECT(msgq_count(&q) == 2, "2 queued, got %u", msgq_count(&q));
	for (unsigned int i = 101; i <= 102; i++)
		KT_EXPECT(msgq_recv(&q, &it, TIMEOUT_NONE) == 0 && it.seq == i,
			  "item %u out in order", i);
}

static void recv_from_isr(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
	for (unsigned int i = 0; i < 4; i++)
		isr_result[i] = msgq_recv_from_isr(&q, &isr_items[i]);
	isr_done_give();
}

static int blocked_send_result;

static void blocked_sender(void *arg)
{
	struct item it = { 12, ~12u };

	(void)arg;
	blocked_send_result = msgq_send(&q, &it, MS(50));
}

/* The slot a receive frees goes to the first blocked sender at once, not
 * when the queue has run empty. */
KTEST(msgq, a_receive_from_a_full_queue_lets_a_blocked_sender_in_at_once)
{
	struct item it;

	msgq_init(&q, storage, sizeof(struct item), 2);
	for (unsigned int i = 10; i <= 11; i++) {
		it = (struct item){ i, ~i };
		KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == 0, "send %u", i);
	}
	blocked_send_result = 1;
	thread_create(&threads[0], "tx", KTEST_MAIN_PRIO + 1, blocked_sender,
		      NULL, stacks[0], STACK, 0);	/* blocks at once */
	KT_EXPECT(msgq_recv(&q, &it, TIMEOUT_NONE) == 0 && it.seq == 10,
		  "the oldest item 10 out, got %u", it.seq);
	KT_EXPECT(blocked_send_result == 0 && msgq_count(&q) == 2,
		  "the sender let in by that receive: its send gave %d, %u "
		  "queued", blocked_send_result, msgq_count(&q));
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	for (unsigned int i = 11; i <= 12; i++)
		KT_EXPECT(msgq_recv(&q, &it, TIMEOUT_NONE) == 0 && it.seq == i &&
			  it.check == ~i, "item %u out in order", i);
}

KTEST(msgq, an_interrupt_handler_receives_without_waiting_and_lets_a_sender_in)
{
	msgq_init(&q, storage, sizeof(struct item), 2);
	for (unsigned int i = 10; i <= 11; i++) {
		struct item it = { i, ~i };

		KT_EXPECT(msgq_send(&q, &it, TIMEOUT_NONE) == 0, "send %u", i);
	}
	blocked_send_result = 1;
	thread_create(&threads[0], "tx", KTEST_MAIN_PRIO + 1, blocked_sender,
		      NULL, stacks[0], STACK, 0);
	isr_run(recv_from_isr);
	KT_ASSERT(sem_take(&isr_done, MS(50)) == 0, "the callback to run");
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(isr_context, "received in interrupt context");
	for (unsigned int i = 0; i < 3; i++)
		KT_EXPECT(isr_result[i] == 0 && isr_items[i].seq == 10 + i &&
			  isr_items[i].check == ~(10 + i),
			  "receive %u: item %u, got %d, item %u", i, 10 + i,
			  isr_result[i], isr_items[i].seq);
	KT_EXPECT(isr_result[3] == -E_AGAIN, "the empty queue: -E_AGAIN, got "
		  "%d", isr_result[3]);
	KT_EXPECT(blocked_send_result == 0, "the blocked sender let in, got "
		  "%d", blocked_send_result);
}
