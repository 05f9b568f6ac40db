/* The PVH boot ABI's ELF note, which tells QEMU's -kernel loader (and
 * Xen) the 32-bit entry point: note type XEN_ELFNOTE_PHYS32_ENTRY, owner
 * "Xen". Xen public/elfnote.h and docs/misc/pvh.pandoc; the descriptor is
 * a pointer-sized physical address (QEMU reads 8 bytes from an ELF64
 * image, 4 from an ELF32 one). The section is 4-byte aligned as the ELF
 * note format wants, so the descriptor follows the name at offset 16. */
#include "x86.h"

	.section .note.xen.pvh, "a", @note
	.balign 4
	.long	2f - 1f			/* namesz */
	.long	4f - 3f			/* descsz */
	.long	XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz	"Xen"
2:	.balign 4
3:
#ifdef __x86_64__
	.quad	x86_pvh_entry
#else
	.long	x86_pvh_entry
#endif
4:	.balign 4
