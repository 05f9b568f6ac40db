/* The framework itself (ktest.c): a case that evaluates no check fails
 * the run, next to one that passes and one that skips, which counts as
 * neither. qemu_test expects exit status 1, the empty case reported
 * FAILED and the skipped one skipped. */
#include "ktest.h"

KTEST(ktest, a_case_with_a_passing_check)
{
	volatile int two = 2;

	KT_EXPECT(two == 2, "a volatile 2 to read back as 2, got %d", two);
}

KTEST(ktest, a_case_that_checks_nothing)
{
}

KTEST(ktest, a_case_that_does_not_apply)
{
	KT_SKIP("it never applies");
}
