	.syntax unified
	.arm
	.fpu neon-vfpv4
	.text
	.global fp_touch, fp_touch_insn
fp_touch:
fp_touch_insn:
	vmov.f64 d0, #1.0
	bx	lr
