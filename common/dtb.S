/* The board's device tree, compiled by dtc at build time and embedded in
 * the image; CELLMATE_DTB_PATH is set by the build. */
	.section .rodata.dtb, "a"
	.balign 8
	.global __dtb_start, __dtb_end
__dtb_start:
	.incbin CELLMATE_DTB_PATH
__dtb_end:
