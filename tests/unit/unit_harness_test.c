/* The harness itself: a case that makes no check fails the run. Its
 * main() inverts the verdict: the run of the two cases below must fail,
 * and only because of the empty one. */
#include "unit.h"

UNIT_TEST(a_case_with_a_passing_check)
{
	EXPECT(1 + 1 == 2, "1 + 1 to be 2");
}

UNIT_TEST(a_case_that_checks_nothing)
{
}

int main(void)
{
	int status = unit_run_all();

	if (status != 1 || unit_failures != 0) {
		fprintf(stderr, "expected the run to fail (status 1) on the "
			"empty case alone, got status %d, %d failed checks\n",
			status, unit_failures);
		return 1;
	}
	printf("the empty case failed the run, as it must\n");
	return 0;
}
