/* The register frame an exception stub saves (vectors32.S, vectors64.S). */
#ifndef X86_FRAME_H
#define X86_FRAME_H

#include <stdint.h>

#ifdef __x86_64__
struct x86_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t ip, cs, flags, sp, ss;		/* pushed by the CPU */
};
#else
struct x86_frame {
	uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	uint32_t vector, error;
	uint32_t ip, cs, flags;			/* pushed by the CPU */
};
#endif

#endif
