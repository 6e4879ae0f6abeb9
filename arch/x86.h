/* x86's entry bits by name (doc/PAGING.md, "Entry bits"), for the code
 * that must name them: the architecture's own file (arch/x86.c) and the
 * x86 OSes' readings of non-present entries (os/win_pte.c, os/lx_pte.c). */
#ifndef PW_ARCH_X86_H
#define PW_ARCH_X86_H

#define X86_PTE_BIT_P 0
#define X86_PTE_BIT_RW 1
#define X86_PTE_BIT_US 2
#define X86_PTE_BIT_PWT 3
#define X86_PTE_BIT_PCD 4
#define X86_PTE_BIT_A 5
#define X86_PTE_BIT_D 6
#define X86_PTE_BIT_PS 7
#define X86_PTE_BIT_G 8
#define X86_PTE_BIT_NX 63
#define X86_PTE_P (1ull << X86_PTE_BIT_P)
#define X86_PTE_RW (1ull << X86_PTE_BIT_RW)
#define X86_PTE_US (1ull << X86_PTE_BIT_US)
#define X86_PTE_PWT (1ull << X86_PTE_BIT_PWT)
#define X86_PTE_PCD (1ull << X86_PTE_BIT_PCD)
#define X86_PTE_A (1ull << X86_PTE_BIT_A)
#define X86_PTE_D (1ull << X86_PTE_BIT_D)
#define X86_PTE_PS (1ull << X86_PTE_BIT_PS)
#define X86_PTE_G (1ull << X86_PTE_BIT_G)
#define X86_PTE_NX (1ull << X86_PTE_BIT_NX)

#endif
