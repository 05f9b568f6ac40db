/* One SSE instruction: traps (#NM) in a thread without THREAD_FP. */
	.text
	.global fp_touch, fp_touch_insn
fp_touch:
fp_touch_insn:
	xorps	%xmm0, %xmm0
	ret
