/* Windows without symbols (windows.h, doc/WINDOWS.md). */
#include "config.h"

#include "windows.h"

#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "os.h"
#include "pt.h"
#include "session.h"

#define MAX_PROCS (1u << 16)	/* more is a loop or garbage */
#define MAX_VADS (1u << 20)
#define MAX_DEPTH 64		/* an AVL tree of 2^20 nodes is ~29 deep */

/* Where an MMPFN keeps what !pfn shows (doc/WINDOWS.md, "The PFN
 * database"). */
struct pfn_layout {
	uint8_t size;
	uint8_t flink, blink, pte, refcount;
	uint8_t e1;		/* PageLocation:3 WriteInProgress Modified
				   ReadInProgress CacheAttribute:2 */
	uint8_t prio;		/* Priority:3 .. InPageError (bit 4) */
	uint8_t orig, orig_size, u4;
	uint8_t flink_bits, blink_bits, frame_bits, proto_bit, color_shift,
		color_bits;
};

/* One build's member offsets (doc/WINDOWS.md, "Layouts", with the
 * source of each row). */
struct win_layout {
	const char *name;
	uint32_t build_lo, build_hi;
	bool x64;
	/* EPROCESS */
	uint16_t dtb, pid, links, ppid, session, image, peb, object_table,
		 vad_root;
	uint16_t handle_count;	/* HANDLE_TABLE.HandleCount; 0: none */
	uint16_t session_id;	/* MM_SESSION_SPACE.SessionId; 0: unknown */
	uint16_t peb_session_id;	/* PEB.SessionId, read instead when
					   session_id is unknown; 0: none */
	/* the VAD tree: the root pointer's offset in VadRoot, an MM_AVL_TABLE's
	 * BalancedRoot.RightChild (7, 8) or an RTL_AVL_TREE's Root (8.1 on) */
	uint16_t vad_top;
	uint16_t vad_left, vad_right, vad_start, vad_end;
	uint8_t vpn_size;	/* 4 or 8 */
	int16_t vad_start_hi, vad_end_hi;	/* a high byte (8.1 on), or -1 */
	uint16_t vad_flags;
	uint8_t vad_flags_size;
	int16_t vad_flags1;	/* MMVAD_FLAGS1 (8+), or -1 */
	int16_t vad_commit_hi;	/* CommitChargeHigh, or -1 */
	uint8_t vf_commit_bits;	/* from bit 0 of flags, or flags1 */
	uint8_t vf_type, vf_prot, vf_private;
	uint8_t vf_memcommit;
	bool memcommit_in_flags1;	/* else in flags */
	uint16_t vad_subsection;	/* MMVAD.Subsection (a mapped view) */
	struct pfn_layout pfn, pfn_pae;	/* size 0: not known (8.1 and 10
					   x86 are PAE-only: no pfn) */
};

/* Rows share these groups (doc/WINDOWS.md gives each build's source). */
/* The x64 MMVAD_SHORT from Windows 8.1 on: an RTL_BALANCED_NODE, 32-bit
 * VPNs and a high byte each, VadFlags at +0x30 (VadType, Protection and
 * PrivateMemory at the bits given), VadFlags1 at +0x34,
 * CommitChargeHigh at +0x22. */
#define VAD_X64_RTL(type, prot, priv) \
	.vad_top = 0x0, .vad_left = 0x0, .vad_right = 0x8, \
	.vad_start = 0x18, .vad_end = 0x1c, .vpn_size = 4, \
	.vad_start_hi = 0x20, .vad_end_hi = 0x21, .vad_flags = 0x30, \
	.vad_flags_size = 4, .vad_flags1 = 0x34, .vad_commit_hi = 0x22, \
	.vf_type = (type), .vf_prot = (prot), .vf_private = (priv), \
	.vad_subsection = 0x48
/* ... whose VadFlags1 is CommitCharge:31 and MemCommit (all but 24H2) */
#define VAD_COMMIT_FLAGS1 \
	.vf_commit_bits = 31, .vf_memcommit = 31, .memcommit_in_flags1 = true
/* Windows 10's x64 MMPFN (0x30 bytes: PteAddress +8, OriginalPte +0x10,
 * ShareCount:62 +0x18, ReferenceCount +0x20, e1/e3 +0x22/+0x23, u4
 * +0x28): frames of fb bits, PrototypePte at bit pb, the colour. */
#define PFN_X64_10(fb, pb, cshift, cbits) \
	{ 0x30, 0x0, 0x18, 0x8, 0x20, 0x22, 0x23, 0x10, 8, 0x28, fb, 62, fb, \
	  pb, cshift, cbits }
/* The x86 (PAE) MMVAD_SHORT of Windows 10: an RTL_BALANCED_NODE (Left
 * +0, Right +4), 32-bit VPNs at +0xc/+0x10 without high bytes, VadFlags
 * +0x1c, VadFlags1 +0x20, MMVAD.Subsection +0x2c */
#define VAD_X86_RTL(type, prot, priv) \
	.vad_top = 0x0, .vad_left = 0x0, .vad_right = 0x4, \
	.vad_start = 0xc, .vad_end = 0x10, .vpn_size = 4, \
	.vad_start_hi = -1, .vad_end_hi = -1, .vad_flags = 0x1c, \
	.vad_flags_size = 4, .vad_flags1 = 0x20, .vad_commit_hi = -1, \
	.vf_type = (type), .vf_prot = (prot), .vf_private = (priv), \
	.vad_subsection = 0x2c
/* ... and its MMPFN (0x1c bytes: PteAddress +4, OriginalPte +8,
 * ShareCount:30 +0x10, ReferenceCount +0x14, e1/e3 +0x16/+0x17, u4 +0x18
 * with PteFrame:24), PrototypePte at pb, the colour */
#define PFN_X86_10(pb, cshift, cbits) \
	{ 0x1c, 0x0, 0x10, 0x4, 0x14, 0x16, 0x17, 0x8, 8, 0x18, 32, 30, 24, \
	  pb, cshift, cbits }
/* EPROCESS of x86 Windows 10 1703 to 1909, VadRoot apart */
#define EP_X86_1703(vad) \
	.dtb = 0x18, .pid = 0xb4, .links = 0xb8, .ppid = 0x140, \
	.session = 0x150, .image = 0x17c, .peb = 0x14c, \
	.object_table = 0x15c, .vad_root = (vad), .handle_count = 0, \
	.session_id = 0x8
/* EPROCESS of x64 Windows 10 1703 to 1809 */
#define EP_X64_1703 \
	.dtb = 0x28, .pid = 0x2e0, .links = 0x2e8, .ppid = 0x3e0, \
	.session = 0x400, .image = 0x450, .peb = 0x3f8, .object_table = 0x418, \
	.vad_root = 0x628, .handle_count = 0, .session_id = 0x8
/* ... of 2004 to 22H2, and of Windows 11 21H2 to 23H2 */
#define EP_X64_2004 \
	.dtb = 0x28, .pid = 0x440, .links = 0x448, .ppid = 0x540, \
	.session = 0x558, .image = 0x5a8, .peb = 0x550, .object_table = 0x570, \
	.vad_root = 0x7d8, .handle_count = 0, .session_id = 0x8
/* Windows 11 21H2 to 23H2: 2004's EPROCESS, PrivateMemory at bit 21,
 * 40-bit frames in the MMPFN */
#define W11_X64 \
	EP_X64_2004, VAD_X64_RTL(4, 7, 21), VAD_COMMIT_FLAGS1, \
	.pfn = PFN_X64_10(40, 63, 0, 0)

static const struct win_layout layouts[] = {
	{
		.name = "Windows 7 SP1 x86", .build_lo = 7601, .build_hi = 7601,
		.x64 = false,
		.dtb = 0x18, .pid = 0xb4, .links = 0xb8, .ppid = 0x140,
		.session = 0x168, .image = 0x16c, .peb = 0x1a8,
		.object_table = 0xf4, .vad_root = 0x278,
		.handle_count = 0x30, .session_id = 0x8,
		.vad_top = 0x8, .vad_left = 0x4,
		.vad_right = 0x8, .vad_start = 0xc, .vad_end = 0x10,
		.vpn_size = 4, .vad_start_hi = -1, .vad_end_hi = -1,
		.vad_flags = 0x14, .vad_flags_size = 4, .vad_flags1 = -1,
		.vad_commit_hi = -1, .vf_commit_bits = 19, .vf_type = 20,
		.vf_prot = 24, .vf_private = 31, .vf_memcommit = 23,
		.vad_subsection = 0x24,
		.pfn = { 0x18, 0x0, 0x4, 0x8, 0xc, 0xe, 0xf, 0x10, 4, 0x14,
			 32, 32, 25, 27, 28, 4 },
		.pfn_pae = { 0x1c, 0x0, 0x4, 0x8, 0xc, 0xe, 0xf, 0x10, 8, 0x18,
			     32, 32, 25, 27, 28, 4 },
	},
	{
		/* 8 = Server 2012 (no 32-bit edition of it): 8.1's EPROCESS
		 * offsets, but the VADs still under an MM_AVL_TABLE (the tree
		 * is BalancedRoot.RightChild), MM_AVL_NODEs with VadFlags at
		 * +0x18 and VadFlags1 at +0x1c; Windows 7 PAE's MMPFN */
		.name = "Windows 8 x86", .build_lo = 9200, .build_hi = 9200,
		.x64 = false,
		.dtb = 0x18, .pid = 0xb4, .links = 0xb8, .ppid = 0x134,
		.session = 0x144, .image = 0x170, .peb = 0x140,
		.object_table = 0x150, .vad_root = 0x274,
		.handle_count = 0, .session_id = 0x8,
		.vad_top = 0x8, .vad_left = 0x4,
		.vad_right = 0x8, .vad_start = 0xc, .vad_end = 0x10,
		.vpn_size = 4, .vad_start_hi = -1, .vad_end_hi = -1,
		.vad_flags = 0x18, .vad_flags_size = 4, .vad_flags1 = 0x1c,
		.vad_commit_hi = -1, VAD_COMMIT_FLAGS1, .vf_type = 0,
		.vf_prot = 3, .vf_private = 15, .vad_subsection = 0x2c,
		.pfn_pae = { 0x1c, 0x0, 0x4, 0x8, 0xc, 0xe, 0xf, 0x10, 8, 0x18,
			     32, 32, 25, 27, 28, 4 },
	},
	{
		/* 8.1 = Server 2012 R2 (no 32-bit edition of it): Windows 10's
		 * x86 VADs already (MMVAD 0x48 bytes, Subsection +0x2c); an
		 * MMPFN laid out as Windows 7 PAE's, PteFrame:24 */
		.name = "Windows 8.1 x86", .build_lo = 9600, .build_hi = 9600,
		.x64 = false,
		.dtb = 0x18, .pid = 0xb4, .links = 0xb8, .ppid = 0x134,
		.session = 0x144, .image = 0x170, .peb = 0x140,
		.object_table = 0x150, .vad_root = 0x274,
		.handle_count = 0, .session_id = 0x8,
		VAD_X86_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn_pae = { 0x1c, 0x0, 0x4, 0x8, 0xc, 0xe, 0xf, 0x10, 8, 0x18,
			     32, 32, 24, 27, 28, 4 },
	},
	{
		/* 1607's VADs and MMPFN; EPROCESS as 1607's up to Session,
		 * ImageFileName 4 bytes lower, VadRoot 8 */
		.name = "Windows 10 1507 x86", .build_lo = 10240,
		.build_hi = 10240, .x64 = false,
		.dtb = 0x18, .pid = 0xb4, .links = 0xb8, .ppid = 0x138,
		.session = 0x148, .image = 0x170, .peb = 0x144,
		.object_table = 0x154, .vad_root = 0x284,
		.handle_count = 0, .session_id = 0x8,
		VAD_X86_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn_pae = PFN_X86_10(27, 28, 4),
	},
	{
		/* 1507's, but ImageFileName after a new ImageFilePointer */
		.name = "Windows 10 1511 x86", .build_lo = 10586,
		.build_hi = 10586, .x64 = false,
		.dtb = 0x18, .pid = 0xb4, .links = 0xb8, .ppid = 0x138,
		.session = 0x148, .image = 0x174, .peb = 0x144,
		.object_table = 0x154, .vad_root = 0x284,
		.handle_count = 0, .session_id = 0x8,
		VAD_X86_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn_pae = PFN_X86_10(27, 28, 4),
	},
	{
		/* EPROCESS 8 bytes shorter from InheritedFromUniqueProcessId
		 * on; 1703-1709's VADs and MMPFN */
		.name = "Windows 10 1607 x86", .build_lo = 14393,
		.build_hi = 14393, .x64 = false,
		.dtb = 0x18, .pid = 0xb4, .links = 0xb8, .ppid = 0x138,
		.session = 0x148, .image = 0x174, .peb = 0x144,
		.object_table = 0x154, .vad_root = 0x28c,
		.handle_count = 0, .session_id = 0x8,
		VAD_X86_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn_pae = PFN_X86_10(27, 28, 4),
	},
	{
		/* 1803's EPROCESS but VadRoot 4 bytes lower; PrivateMemory
		 * at 15, after NoChange, as on x64 1703-1709 */
		.name = "Windows 10 1703-1709 x86", .build_lo = 15063,
		.build_hi = 16299, .x64 = false,
		EP_X86_1703(0x298),
		VAD_X86_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn_pae = PFN_X86_10(27, 28, 4),
	},
	{
		/* PAE only (Windows 8 on needs it).  MMVAD_SHORT is an
		 * RTL_BALANCED_NODE (Left +0, Right +4) with 32-bit VPNs and
		 * no high bytes; MMPFN 0x1c bytes with OriginalPte at +8,
		 * ShareCount:30 at +0x10, PteFrame:24 */
		.name = "Windows 10 1803-1809 x86", .build_lo = 17134,
		.build_hi = 17763, .x64 = false,
		EP_X86_1703(0x29c),
		VAD_X86_RTL(0, 3, 14), VAD_COMMIT_FLAGS1,
		.pfn_pae = PFN_X86_10(27, 28, 4),
	},
	{
		/* 1909 runs 1903's kernel.  1809's EPROCESS but VadRoot after
		 * a larger MMSUPPORT_FULL; 1809's VADs with the VadFlags 2004
		 * keeps; 1809's MMPFN */
		.name = "Windows 10 1903-1909 x86", .build_lo = 18362,
		.build_hi = 18363, .x64 = false,
		EP_X86_1703(0x310),
		VAD_X86_RTL(4, 7, 20), VAD_COMMIT_FLAGS1,
		.pfn_pae = PFN_X86_10(27, 28, 4),
	},
	{
		/* 1809's VADs with 1903's reordered VadFlags; MMPFN u4:
		 * PrototypePte at 31, no page colour */
		.name = "Windows 10 2004-22H2 x86", .build_lo = 19041,
		.build_hi = 19045, .x64 = false,
		.dtb = 0x18, .pid = 0xe4, .links = 0xe8, .ppid = 0x170,
		.session = 0x180, .image = 0x1ac, .peb = 0x17c,
		.object_table = 0x18c, .vad_root = 0x350,
		.handle_count = 0, .session_id = 0x8,
		VAD_X86_RTL(4, 7, 20), VAD_COMMIT_FLAGS1,
		.pfn_pae = PFN_X86_10(31, 0, 0),
	},
	{
		.name = "Windows 7 SP1 x64", .build_lo = 7601, .build_hi = 7601,
		.x64 = true,
		.dtb = 0x28, .pid = 0x180, .links = 0x188, .ppid = 0x290,
		.session = 0x2d8, .image = 0x2e0, .peb = 0x338,
		.object_table = 0x200, .vad_root = 0x448,
		.handle_count = 0x58, .session_id = 0x8,
		.vad_top = 0x10, .vad_left = 0x8,
		.vad_right = 0x10, .vad_start = 0x18, .vad_end = 0x20,
		.vpn_size = 8, .vad_start_hi = -1, .vad_end_hi = -1,
		.vad_flags = 0x28, .vad_flags_size = 8, .vad_flags1 = -1,
		.vad_commit_hi = -1, .vf_commit_bits = 51, .vf_type = 52,
		.vf_prot = 56, .vf_private = 63, .vf_memcommit = 55,
		.vad_subsection = 0x48,
		.pfn = { 0x30, 0x0, 0x8, 0x10, 0x18, 0x1a, 0x1b, 0x20, 8, 0x28,
			 64, 64, 52, 57, 58, 6 },
	},
	{
		/* 8 = Server 2012: 8.1's EPROCESS but VadRoot, still an
		 * MM_AVL_TABLE (the tree is BalancedRoot.RightChild), and
		 * MM_AVL_NODEs with 32-bit VPNs and no high bytes (8 TB of
		 * user space), VadFlags +0x28, VadFlags1 +0x2c; 8.1's MMPFN */
		.name = "Windows 8 x64", .build_lo = 9200, .build_hi = 9200,
		.x64 = true,
		.dtb = 0x28, .pid = 0x2e0, .links = 0x2e8, .ppid = 0x3d0,
		.session = 0x3f0, .image = 0x438, .peb = 0x3e8,
		.object_table = 0x408, .vad_root = 0x590,
		.handle_count = 0, .session_id = 0x8,
		.vad_top = 0x10, .vad_left = 0x8,
		.vad_right = 0x10, .vad_start = 0x18, .vad_end = 0x1c,
		.vpn_size = 4, .vad_start_hi = -1, .vad_end_hi = -1,
		.vad_flags = 0x28, .vad_flags_size = 4, .vad_flags1 = 0x2c,
		.vad_commit_hi = -1, VAD_COMMIT_FLAGS1, .vf_type = 0,
		.vf_prot = 3, .vf_private = 15, .vad_subsection = 0x48,
		.pfn = { 0x30, 0x0, 0x8, 0x10, 0x18, 0x1a, 0x1b, 0x20, 8, 0x28,
			 36, 64, 36, 57, 58, 6 },
	},
	{
		/* 8.1 = Server 2012 R2: RTL_AVL_TREE VADs already; an MMPFN
		 * of its own (ShareCount a whole word at +8, PteAddress +0x10,
		 * OriginalPte +0x20) */
		.name = "Windows 8.1 x64", .build_lo = 9600, .build_hi = 9600,
		.x64 = true,
		.dtb = 0x28, .pid = 0x2e0, .links = 0x2e8, .ppid = 0x3d0,
		.session = 0x3f0, .image = 0x438, .peb = 0x3e8,
		.object_table = 0x408, .vad_root = 0x5d8,
		.handle_count = 0, .session_id = 0x8,
		VAD_X64_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn = { 0x30, 0x0, 0x8, 0x10, 0x18, 0x1a, 0x1b, 0x20, 8, 0x28,
			 36, 64, 36, 57, 58, 6 },
	},
	{
		/* 1607's VADs and MMPFN; EPROCESS as 1607's up to
		 * PageDirectoryPte */
		.name = "Windows 10 1507 x64", .build_lo = 10240,
		.build_hi = 10240, .x64 = true,
		.dtb = 0x28, .pid = 0x2e8, .links = 0x2f0, .ppid = 0x3e0,
		.session = 0x400, .image = 0x448, .peb = 0x3f8,
		.object_table = 0x418, .vad_root = 0x608,
		.handle_count = 0, .session_id = 0x8,
		VAD_X64_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn = PFN_X64_10(36, 57, 58, 6),
	},
	{
		/* 1507's, but ImageFileName after a new ImageFilePointer and
		 * VadRoot 8 bytes higher */
		.name = "Windows 10 1511 x64", .build_lo = 10586,
		.build_hi = 10586, .x64 = true,
		.dtb = 0x28, .pid = 0x2e8, .links = 0x2f0, .ppid = 0x3e0,
		.session = 0x400, .image = 0x450, .peb = 0x3f8,
		.object_table = 0x418, .vad_root = 0x610,
		.handle_count = 0, .session_id = 0x8,
		VAD_X64_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn = PFN_X64_10(36, 57, 58, 6),
	},
	{
		/* 1607 = Server 2016: ActiveProcessLinks and VadRoot not yet
		 * where 1703 put them */
		.name = "Windows 10 1607 x64", .build_lo = 14393,
		.build_hi = 14393, .x64 = true,
		.dtb = 0x28, .pid = 0x2e8, .links = 0x2f0, .ppid = 0x3e0,
		.session = 0x400, .image = 0x450, .peb = 0x3f8,
		.object_table = 0x418, .vad_root = 0x620,
		.handle_count = 0, .session_id = 0x8,
		VAD_X64_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn = PFN_X64_10(36, 57, 58, 6),
	},
	{
		/* PrivateMemory at 15, after NoChange */
		.name = "Windows 10 1703-1709 x64", .build_lo = 15063,
		.build_hi = 16299, .x64 = true,
		EP_X64_1703,
		VAD_X64_RTL(0, 3, 15), VAD_COMMIT_FLAGS1,
		.pfn = PFN_X64_10(36, 57, 58, 6),
	},
	{
		/* 1809 = Server 2019 */
		.name = "Windows 10 1803-1809 x64", .build_lo = 17134,
		.build_hi = 17763, .x64 = true,
		EP_X64_1703,
		VAD_X64_RTL(0, 3, 14), VAD_COMMIT_FLAGS1,
		.pfn = PFN_X64_10(36, 57, 58, 6),
	},
	{
		/* 1909 runs 1903's kernel.  EPROCESS moved from
		 * UniqueProcessId on; VadFlags reordered as 2004 keeps them;
		 * 1809's MMPFN */
		.name = "Windows 10 1903-1909 x64", .build_lo = 18362,
		.build_hi = 18363, .x64 = true,
		.dtb = 0x28, .pid = 0x2e8, .links = 0x2f0, .ppid = 0x3e8,
		.session = 0x400, .image = 0x450, .peb = 0x3f8,
		.object_table = 0x418, .vad_root = 0x658,
		.handle_count = 0, .session_id = 0x8,
		VAD_X64_RTL(4, 7, 20), VAD_COMMIT_FLAGS1,
		.pfn = PFN_X64_10(36, 57, 58, 6),
	},
	{
		/* MMPFN: PteFrame:36, PrototypePte at 63, no page colour */
		.name = "Windows 10 2004-22H2 x64", .build_lo = 19041,
		.build_hi = 19045, .x64 = true,
		EP_X64_2004,
		VAD_X64_RTL(4, 7, 20), VAD_COMMIT_FLAGS1,
		.pfn = PFN_X64_10(36, 63, 0, 0),
	},
	{
		/* 22H2's declarations, member for member, as far as the
		 * table reads (SymStore's 22000 header; doc/WINDOWS.md) */
		.name = "Windows 11 21H2 x64", .build_lo = 22000,
		.build_hi = 22000, .x64 = true,
		W11_X64,
	},
	{
		/* 2004's EPROCESS; MMVAD_FLAGS reordered: PrivateMemory at
		 * 21; MMPFN as 24H2's (40-bit frames). 23H2 is 22H2's
		 * kernel */
		.name = "Windows 11 22H2-23H2 x64", .build_lo = 22621,
		.build_hi = 22631, .x64 = true,
		W11_X64,
	},
	{
		/* Session points to a PSP_SESSION_SPACE, opaque in the public
		 * symbols: the SessionId is the process's own PEB's.  25H2
		 * (26200) and 26H2 (26300) run 24H2's kernel sources, switched
		 * on by enablement packages; 26100 is also Server 2025 */
		.name = "Windows 11 24H2-26H2 x64", .build_lo = 26100,
		.build_hi = 26300, .x64 = true,
		.dtb = 0x28, .pid = 0x1d0, .links = 0x1d8, .ppid = 0x2d0,
		.session = 0x2e8, .image = 0x338, .peb = 0x2e0,
		.object_table = 0x300, .vad_root = 0x558,
		.handle_count = 0, .session_id = 0, .peb_session_id = 0x2c0,
		VAD_X64_RTL(4, 7, 21),
		.vf_commit_bits = 32, .vf_memcommit = 25,
		.memcommit_in_flags1 = false,
		.pfn = PFN_X64_10(40, 63, 0, 0),
	},
};

/* Where MMVAD_FLAGS keeps VadType, Protection and PrivateMemory from
 * Windows 8.1 to the last build before MemProcFS's new MMVAD (28000), by
 * build range, as MemProcFS reads them (doc/WINDOWS.md, "Builds not in
 * the table"): taken for a build the table lacks, whose row comes from
 * another build. */
struct vad_bits {
	uint32_t from, to;
	uint8_t type, prot, priv;
};
static const struct vad_bits vad_bits[] = {
	{ 9600, 17133, 0, 3, 15 },
	{ 17134, 18361, 0, 3, 14 },
	{ 18362, 20347, 4, 7, 20 },
	{ 20348, 27999, 4, 7, 21 },
};

static const struct vad_bits *vad_bits_of(uint32_t build)
{
	for (size_t i = 0; i < sizeof(vad_bits) / sizeof(vad_bits[0]); i++)
		if (build >= vad_bits[i].from && build <= vad_bits[i].to)
			return &vad_bits[i];
	return NULL;
}

struct win {
	const struct fmt_source *src;
	struct pt_ctx ctx;	/* the kernel's root (the header's) */
	const struct win_layout *L;
	const struct pfn_layout *P;
	struct win_layout guess;	/* L's row, VadFlags as the build's */
	unsigned psize;
	char name[96], note[240];
	bool guessed;		/* the nearest layout, not the build's */
};

static bool is_x64(const struct win *w)
{
	return w->psize == 8;
}

/* A kernel-space address: the upper half (x86: from 0x80000000). */
static bool kernel_va(const struct win *w, uint64_t va)
{
	return is_x64(w) ? va >= 0xffff800000000000ull :
	       va >= 0x80000000u && va <= 0xffffffffu;
}

unsigned win_ptr_size(const struct win *w)
{
	return w->psize;
}

const char *win_layout_name(const struct win *w)
{
	return w->name;
}

bool win_layout_guessed(const struct win *w)
{
	return w->guessed;
}

const char *win_layout_note(const struct win *w)
{
	return w->note;
}

int win_read(struct win *w, uint64_t va, void *buf, size_t len)
{
	return pt_read_va(w->src, &w->ctx, va, buf, len);
}

int win_read_ptr(struct win *w, uint64_t va, uint64_t *out)
{
	return pt_read_ptr(w->src, &w->ctx, w->psize, va, out);
}

static int read_u32(struct win *w, uint64_t va, uint32_t *out)
{
	return pt_read_u32(w->src, &w->ctx, va, out);
}

/* ------------------------------------------------------------------ */
/* Processes */

static int read_proc(struct win *w, uint64_t ep, struct win_proc *p)
{
	const struct win_layout *L = w->L;
	uint8_t name[16] = { 0 };
	uint32_t v;

	memset(p, 0, sizeof(*p));
	p->eprocess = ep;
	if (win_read_ptr(w, ep + L->pid, &p->pid) < 0 ||
	    win_read_ptr(w, ep + L->ppid, &p->ppid) < 0 ||
	    win_read_ptr(w, ep + L->dtb, &p->dtb) < 0 ||
	    win_read(w, ep + L->image, name, 15) < 0)
		return -1;
	/* the rest may be paged out: absent, not fatal */
	if (win_read_ptr(w, ep + L->peb, &p->peb) < 0)
		p->peb = 0;
	if (win_read_ptr(w, ep + L->object_table, &p->object_table) < 0)
		p->object_table = 0;
	if (win_read_ptr(w, ep + L->session, &p->session) < 0)
		p->session = 0;
	if (p->session && L->session_id && kernel_va(w, p->session) &&
	    read_u32(w, p->session + L->session_id, &v) == 0) {
		p->has_session_id = true;
		p->session_id = v;
	} else if (p->session && L->peb_session_id && p->peb &&
		   !kernel_va(w, p->peb)) {
		/* the process's own memory, through its own tables: there
		 * only when the PEB's page is resident and in the dump */
		struct pt_ctx c = w->ctx;
		c.cr3 = p->dtb;
		if (pt_read_u32(w->src, &c, p->peb + L->peb_session_id,
				&v) == 0) {
			p->has_session_id = true;
			p->session_id = v;
		}
	}
	if (L->handle_count && p->object_table &&
	    kernel_va(w, p->object_table) &&
	    read_u32(w, p->object_table + L->handle_count, &v) == 0) {
		p->has_handles = true;
		p->handles = v;
	}
	for (size_t i = 0; i < 15 && name[i]; i++)
		p->image[i] = isprint(name[i]) ? (char)name[i] : '?';
	return 0;
}

int win_procs(struct win *w, struct win_proc **out, size_t *n,
	      const char **note, struct err *e)
{
	uint64_t head = w->src->win.ps_active_process_head, link, tort = 0;
	struct win_proc *v = NULL;
	size_t cap = 0, steps = 0, power = 1;

	*out = NULL;
	*n = 0;
	*note = NULL;
	if (win_read_ptr(w, head, &link) < 0)
		return err_set(e, "PsActiveProcessHead %" PRIx64 " cannot be read "
			       "(not mapped by the kernel's tables, or not in the "
			       "dump)", head);
	while (link != head) {
		if (!kernel_va(w, link)) {
			*note = "a process link points outside kernel space: list "
				"cut short";
			break;
		}
		if (link == tort) {
			*note = "the process list loops without coming back to "
				"PsActiveProcessHead: cut at the loop";
			*n = os_loop_keep(v, *n, sizeof(*v),
					  offsetof(struct win_proc, eprocess),
					  link - w->L->links);
			break;
		}
		if (++steps == power) {	/* Brent */
			tort = link;
			power *= 2;
			steps = 0;
		}
		if (*n >= MAX_PROCS) {
			*note = "more than 65536 processes: cut short";
			break;
		}
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct win_proc *g = realloc(v, nc * sizeof(*v));
			if (!g) {
				*note = "out of memory";
				break;
			}
			v = g;
			cap = nc;
		}
		if (read_proc(w, link - w->L->links, &v[*n]) < 0) {
			*note = "an EPROCESS could not be read: list cut short";
			break;
		}
		(*n)++;
		if (win_read_ptr(w, link, &link) < 0) {
			*note = "a process link could not be read: list cut short";
			break;
		}
	}
	*out = v;
	return 0;
}

/* WinDbg's numbers: hex by default, 0n decimal, 0x hex. */
static bool parse_windbg_num(const char *s, uint64_t *v)
{
	char *end;
	int base = 16;

	if (!strncmp(s, "0n", 2)) {
		base = 10;
		s += 2;
	} else if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		s += 2;
	}
	if (!*s)
		return false;
	*v = strtoull(s, &end, base);
	return !*end;
}

/* Whether a process's EPROCESS is at num (on 32-bit Windows, num's low
 * 32 bits: a sign-extended kernel address names it too). */
static bool eprocess_at(const struct win *w, const struct win_proc *v,
			uint64_t num)
{
	return v->eprocess == num ||
	       (w->psize == 4 && v->eprocess == (num & 0xffffffffu));
}

int win_proc_find(struct win *w, const char *key, struct win_proc *p,
		  struct err *e)
{
	struct win_proc *v;
	size_t n;
	const char *note;
	uint64_t num = 0;
	enum { BY_ANY, BY_PID, BY_NAME } how = BY_ANY;

	/* WinDbg's .process options: /i, /r and /P concern a live target
	 * and are passed over; /p (as "pid") names a process id, or, when no
	 * process has that id, an EPROCESS (WinDbg's ".process /p /r
	 * EPROCESS") */
	for (;;) {
		while (*key == ' ')
			key++;
		if (!strncmp(key, "/p ", 3) || !strncmp(key, "pid ", 4)) {
			how = BY_PID;
			key += key[0] == '/' ? 3 : 4;
		} else if (key[0] == '/' && strchr("irP", key[1]) && key[1] &&
			   key[2] == ' ') {
			key += 3;
		} else {
			break;
		}
	}
	if (!parse_windbg_num(key, &num)) {
		if (how == BY_PID)
			return err_set(e, "'%s' is not a process id (hex, or 0n "
				       "decimal)", key);
		how = BY_NAME;
	}
	if (win_procs(w, &v, &n, &note, e) < 0)
		return -1;
	size_t hit = n;
	for (size_t i = 0; i < n && hit == n; i++) {
		bool m = how == BY_NAME ? !strcasecmp(v[i].image, key) :
			 how == BY_PID ? v[i].pid == num :
			 eprocess_at(w, &v[i], num);
		if (m)
			hit = i;
	}
	/* a number the first reading does not find: the other one, an id
	 * for an EPROCESS or the reverse, as !process and .process /p take
	 * either */
	for (size_t i = 0; i < n && hit == n && how != BY_NAME; i++)
		if (how == BY_PID ? eprocess_at(w, &v[i], num) : v[i].pid == num)
			hit = i;
	if (hit < n)
		*p = v[hit];
	free(v);
	if (hit == n)
		return err_set(e, "no process %s%s in the list (%zu processes)%s%s",
			       how != BY_NAME ? "at or with id " : "", key, n,
			       note ? ": " : "", note ? note : "");
	return 0;
}

/* DirectoryTableBase as a root, by the architecture's CR3 rule (a PAE
 * PDPT's 32-byte address, else a page below MAXPHYADDR). */
static uint64_t dtb_root(const struct win *w, uint64_t dtb)
{
	return pt_root(&(struct pt_ctx){ .pte = w->ctx.pte, .cr3 = dtb });
}

int win_proc_of_root(struct win *w, uint64_t root, struct win_proc *p,
		     struct err *e)
{
	struct win_proc *v;
	size_t n;
	const char *note;

	if (win_procs(w, &v, &n, &note, e) < 0)
		return -1;
	size_t hit = n;
	for (size_t i = 0; i < n && hit == n; i++)
		if (dtb_root(w, v[i].dtb) == root)
			hit = i;
	if (hit < n)
		*p = v[hit];
	free(v);
	if (hit == n)
		return err_set(e, "no process has DirectoryTableBase %" PRIx64,
			       root);
	return 0;
}

/* ------------------------------------------------------------------ */
/* VADs */

static uint64_t bits_of(uint64_t v, unsigned from, unsigned len)
{
	return len >= 64 ? v >> from : (v >> from) & ((1ull << len) - 1);
}

/* Where a mapped view's file name is (doc/WINDOWS.md, "Mapped files"):
 * MMVAD.Subsection (the layout's), then the same in every build of the
 * table: SUBSECTION.ControlArea (+0), CONTROL_AREA.FilePointer (an EX_FAST_REF:
 * its low 3 or 4 bits a count), FILE_OBJECT.FileName (a UNICODE_STRING:
 * Length, then Buffer at +4 or +8). */
static void vad_file(struct win *w, uint64_t node, char *out, size_t len)
{
	bool x64 = is_x64(w);
	uint64_t sub, ca, fo, buf;
	uint8_t us[16], name[2 * 127];

	out[0] = '\0';
	if (win_read_ptr(w, node + w->L->vad_subsection, &sub) < 0 ||
	    !kernel_va(w, sub) || win_read_ptr(w, sub, &ca) < 0 ||
	    !kernel_va(w, ca) ||
	    win_read_ptr(w, ca + (x64 ? 0x40 : 0x20), &fo) < 0)
		return;
	fo &= x64 ? ~0xfull : ~0x7ull;
	if (!kernel_va(w, fo) || win_read(w, fo + (x64 ? 0x58 : 0x30), us,
					  x64 ? 16 : 8) < 0)
		return;
	size_t n = (size_t)(us[0] | us[1] << 8) / 2;
	buf = x64 ? le_u64(us + 8) : le_u32(us + 4);
	if (n > sizeof(name) / 2)
		n = sizeof(name) / 2;	/* a longer name is cut */
	if (n >= len)
		n = len - 1;
	if (!n || !kernel_va(w, buf) || win_read(w, buf, name, 2 * n) < 0)
		return;
	/* UTF-16: ASCII as it is, the rest '?' (a terminal's width) */
	for (size_t i = 0; i < n; i++) {
		unsigned c = name[2 * i] | name[2 * i + 1] << 8;
		if (!c) {	/* a Length past the name: it ends here */
			n = i;
			break;
		}
		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[n] = '\0';
}

/* VAD_NAME_MAX - 1 characters of a file name at most are kept. */
#define VAD_NAME_MAX 128

/* A VAD node; its file name, if it is mapped, into file ("" if none). */
static int read_vad(struct win *w, uint64_t node, unsigned level,
		    struct win_vad *out, char file[VAD_NAME_MAX])
{
	const struct win_layout *L = w->L;
	uint8_t b[0x48];
	uint64_t flags, flags1 = 0;

	if (win_read(w, node, b, sizeof(b)) < 0)
		return -1;
	out->node = node;
	out->level = level;
	out->start = L->vpn_size == 8 ? le_u64(b + L->vad_start) :
		     le_u32(b + L->vad_start);
	out->end = L->vpn_size == 8 ? le_u64(b + L->vad_end) :
		   le_u32(b + L->vad_end);
	if (L->vad_start_hi >= 0)
		out->start |= (uint64_t)b[L->vad_start_hi] << 32;
	if (L->vad_end_hi >= 0)
		out->end |= (uint64_t)b[L->vad_end_hi] << 32;
	flags = L->vad_flags_size == 8 ? le_u64(b + L->vad_flags) :
		le_u32(b + L->vad_flags);
	if (L->vad_flags1 >= 0)
		flags1 = le_u32(b + L->vad_flags1);
	out->type = (unsigned)bits_of(flags, L->vf_type, 3);
	out->protection = (unsigned)bits_of(flags, L->vf_prot, 5);
	out->private_mem = bits_of(flags, L->vf_private, 1);
	out->mem_commit = bits_of(L->memcommit_in_flags1 ? flags1 : flags,
				  L->vf_memcommit, 1);
	out->commit = bits_of(L->vad_flags1 >= 0 ? flags1 : flags, 0,
			      L->vf_commit_bits);
	if (L->vad_commit_hi >= 0)
		out->commit |= (uint64_t)b[L->vad_commit_hi] << L->vf_commit_bits;
	out->file = "";
	file[0] = '\0';
	if (!out->private_mem)
		vad_file(w, node, file, VAD_NAME_MAX);
	return 0;
}

/* The first reason a walk was cut is the one told. */
static void cut(const char **note, const char *why)
{
	if (!*note)
		*note = why;
}

int win_vads(struct win *w, const struct win_proc *p, struct win_vad **out,
	     size_t *n, const char **note, struct err *e)
{
	const struct win_layout *L = w->L;
	uint64_t root, stack[MAX_DEPTH];
	unsigned depth[MAX_DEPTH], sp = 0, level = 0;
	struct win_vad *v = NULL;
	size_t cap = 0;
	/* the names, one after another, and where each VAD's starts (none:
	 * SIZE_MAX); they follow the array in *out at the end */
	char *names = NULL, file[VAD_NAME_MAX];
	size_t *at = NULL, nlen = 0, ncap = 0;

	*out = NULL;
	*n = 0;
	*note = NULL;
	if (win_read_ptr(w, p->eprocess + L->vad_root + L->vad_top, &root) < 0)
		return err_set(e, "EPROCESS %" PRIx64 ": its VadRoot cannot be "
			       "read", p->eprocess);
	/* in order: left subtree, the node, right subtree; an explicit stack
	 * bounded by MAX_DEPTH and a node budget, so a loop cannot hang */
	uint64_t cur = root;
	while (cur || sp) {
		while (cur) {
			if (!kernel_va(w, cur)) {
				cut(note, "a VAD pointer leads outside kernel "
					"space: that subtree is cut");
				cur = 0;
				break;
			}
			if (sp == MAX_DEPTH) {
				cut(note, "the VAD tree is deeper than 64 (no real "
					"tree is): cut");
				cur = 0;
				break;
			}
			stack[sp] = cur;
			depth[sp++] = ++level;
			if (win_read_ptr(w, cur + L->vad_left, &cur) < 0) {
				cut(note, "a VAD node could not be read: that "
					"subtree is cut");
				cur = 0;
			}
		}
		if (!sp)
			break;
		uint64_t node = stack[--sp];
		level = depth[sp];
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct win_vad *g = realloc(v, nc * sizeof(*v));
			size_t *ga = g ? realloc(at, nc * sizeof(*at)) : NULL;
			if (g)
				v = g;
			if (!ga) {
				cut(note, "out of memory");
				break;
			}
			at = ga;
			cap = nc;
		}
		if (read_vad(w, node, level, &v[*n], file) < 0) {
			cut(note, "a VAD node could not be read: that subtree is cut");
			cur = 0;
			continue;
		}
		/* a tree in address order: anything else is a loop or
		 * garbage */
		if (v[*n].end < v[*n].start ||
		    (*n && v[*n].start <= v[*n - 1].end)) {
			cut(note, "VADs out of address order (a loop, or overlapping "
				"ranges): cut there");
			break;
		}
		/* ... and in the user half (x86's is 3 GB at most, with
		 * increaseuserva) */
		if (v[*n].end >= (is_x64(w) ? 0x800000000ull : 0xc0000ull)) {
			cut(note, "a VAD reaches past the user half: cut there");
			break;
		}
		at[*n] = SIZE_MAX;
		if (file[0]) {
			size_t len = strlen(file) + 1;
			if (nlen + len > ncap) {
				size_t nc = ncap ? ncap * 2 : 4096;
				char *g = realloc(names, nc);
				if (!g) {
					cut(note, "out of memory");
					break;
				}
				names = g;
				ncap = nc;
			}
			memcpy(names + nlen, file, len);
			at[*n] = nlen;
			nlen += len;
		}
		(*n)++;
		if (*n >= MAX_VADS) {
			cut(note, "more than 1048576 VADs: cut short");
			break;
		}
		if (win_read_ptr(w, node + L->vad_right, &cur) < 0) {
			cut(note, "a VAD node could not be read: that subtree is cut");
			cur = 0;
		}
	}
	/* the names after the array, in one block */
	size_t arr = *n * sizeof(*v);
	struct win_vad *all = nlen ? malloc(arr + nlen) : NULL;
	if (all) {
		memcpy(all, v, arr);
		memcpy((char *)all + arr, names, nlen);
		for (size_t i = 0; i < *n; i++)
			if (at[i] != SIZE_MAX)
				all[i].file = (char *)all + arr + at[i];
		free(v);
		v = all;
	} else if (nlen) {
		cut(note, "out of memory: the file names are left out");
	}
	free(names);
	free(at);
	*out = v;
	return 0;
}

const char *win_prot_name(unsigned prot, char *buf, size_t len)
{
	static const char *const base[8] = {
		"NO_ACCESS", "READONLY", "EXECUTE", "EXECUTE_READ", "READWRITE",
		"WRITECOPY", "EXECUTE_READWRITE", "EXECUTE_WRITECOPY",
	};
	prot &= 0x1f;
	if (prot == 0x18)
		return "NO_ACCESS";
	if (prot == 0x10)
		return "DECOMMIT";
	snprintf(buf, len, "%s%s%s", prot & 0x08 ? "NOCACHE " : "",
		 prot & 0x10 ? "GUARD " : "", base[prot & 7]);
	return buf;
}

uint32_t win_prot_page(unsigned prot)
{
	static const uint32_t base[8] = { 0x01, 0x02, 0x10, 0x20, 0x04, 0x08,
					  0x40, 0x80 };
	prot &= 0x1f;
	if (prot == 0x18 || prot == 0x10)
		return 0x01;	/* PAGE_NOACCESS */
	return base[prot & 7] | (prot & 0x08 ? 0x200 : 0) |
	       (prot & 0x10 ? 0x100 : 0);
}

/* ------------------------------------------------------------------ */
/* The PFN database */

int win_pfn(struct win *w, uint64_t pfn, struct win_pfn *p, struct err *e)
{
	const struct pfn_layout *P = w->P;
	uint64_t db = w->src->win.pfn_database;
	uint8_t b[0x40];

	if (!db)
		return err_set(e, "the dump's header gives no PfnDataBase");
	if (!P->size)
		return err_set(e, "the MMPFN layout of %s is not in the table "
			       "(doc/WINDOWS.md, \"Layouts\")", w->name);
	if (pfn > (1ull << 40))
		return err_set(e, "PFN %" PRIx64 " is too large", pfn);
	memset(p, 0, sizeof(*p));
	p->pfn = pfn;
	p->addr = db + pfn * P->size;
	if (!is_x64(w))
		p->addr &= 0xffffffffu;
	if (win_read(w, p->addr, b, P->size) < 0)
		return err_set(e, "the MMPFN of PFN %" PRIx64 " at %" PRIx64 " is "
			       "not mapped by the kernel's tables or not in the "
			       "dump", pfn, p->addr);
	uint64_t u4 = is_x64(w) ? le_u64(b + P->u4) : le_u32(b + P->u4);
	p->flink = bits_of(is_x64(w) ? le_u64(b + P->flink) : le_u32(b + P->flink),
			   0, P->flink_bits);
	p->blink = bits_of(is_x64(w) ? le_u64(b + P->blink) : le_u32(b + P->blink),
			   0, P->blink_bits);
	p->pte_address = is_x64(w) ? le_u64(b + P->pte) : le_u32(b + P->pte);
	p->refcount = (unsigned)(b[P->refcount] | b[P->refcount + 1] << 8);
	p->location = b[P->e1] & 7;
	p->write_in_progress = b[P->e1] >> 3 & 1;
	p->modified = b[P->e1] >> 4 & 1;
	p->read_in_progress = b[P->e1] >> 5 & 1;
	p->cache = b[P->e1] >> 6 & 3;
	p->priority = b[P->prio] & 7;
	p->in_page_error = b[P->prio] >> 4 & 1;
	p->original_pte = P->orig_size == 8 ? le_u64(b + P->orig) :
			  le_u32(b + P->orig);
	p->pte_frame = bits_of(u4, 0, P->frame_bits);
	p->prototype = bits_of(u4, P->proto_bit, 1);
	p->color = (unsigned)bits_of(u4, P->color_shift, P->color_bits);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Loading */

/* A layout fits when the process list it reads is consistent: the head's
 * first link leads to an EPROCESS whose links come back to the head, a
 * plausible process id, a printable image name, and a DirectoryTableBase
 * whose top-level table is in the dump. */
static bool validates(struct win *w)
{
	uint64_t head = w->src->win.ps_active_process_head, first, back;
	struct win_proc p;

	if (win_read_ptr(w, head, &first) < 0 || !kernel_va(w, first) ||
	    win_read_ptr(w, first + w->psize, &back) < 0 || back != head ||
	    read_proc(w, first - w->L->links, &p) < 0)
		return false;
	if (p.pid > 0xffffff || !p.image[0])
		return false;
	for (size_t i = 0; p.image[i]; i++)
		if (p.image[i] == '?')
			return false;
	return fmt_present(w->src, dtb_root(w, p.dtb) >> FMT_PAGE_SHIFT);
}

static int load(struct session *s, struct win *w, struct err *e)
{
	const struct fmt_source *src = sess_source(s);
	uint32_t build = src->os_build;

	if (src->os != PW_OS_WINDOWS || src->identity || !src->has_cr3)
		return err_set(e, "not a Windows crash dump: no kernel to read "
			       "processes from");
	if (!src->win.ps_active_process_head)
		return err_set(e, "the dump's header gives no PsActiveProcessHead: "
			       "no process list");
	w->src = src;
	w->ctx.pte = sess_ctx(s)->pte;
	w->ctx.pte.mode = src->mode;
	w->ctx.pte.os = PW_OS_WINDOWS;
	w->ctx.cr3 = src->cr3;
	w->psize = src->mode == PW_MODE_X64 || src->mode == PW_MODE_LA57 ? 8 : 4;
	bool x64 = w->psize == 8, pae = src->mode == PW_MODE_PAE;
	/* the build's own row, else the nearest that validates */
	const struct win_layout *best = NULL;
	uint32_t dist = UINT32_MAX;
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct win_layout *L = &layouts[i];
		if (L->x64 != x64)
			continue;
		if (build >= L->build_lo && build <= L->build_hi) {
			best = L;
			dist = 0;
			break;
		}
	}
	if (best) {
		w->L = best;
		w->P = pae && best->pfn_pae.size ? &best->pfn_pae : &best->pfn;
		snprintf(w->name, sizeof(w->name), "%s (build %" PRIu32 ")",
			 best->name, build);
		snprintf(w->note, sizeof(w->note), "the layout of build %" PRIu32,
			 build);
		return 0;
	}
	/* unknown build: try every layout of the architecture, nearest build
	 * first, and keep one whose process list is consistent */
	bool tried[sizeof(layouts) / sizeof(layouts[0])] = { false };
	for (;;) {
		size_t pick = SIZE_MAX;
		dist = UINT32_MAX;
		for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
			const struct win_layout *L = &layouts[i];
			uint32_t d = build > L->build_hi ? build - L->build_hi :
				     L->build_lo - build;
			if (!tried[i] && L->x64 == x64 && d < dist) {
				dist = d;
				pick = i;
			}
		}
		if (pick == SIZE_MAX)
			break;
		tried[pick] = true;
		w->L = &layouts[pick];
		w->P = pae && w->L->pfn_pae.size ? &w->L->pfn_pae : &w->L->pfn;
		if (!validates(w))
			continue;
		w->guessed = true;
		snprintf(w->name, sizeof(w->name), "%s (build %" PRIu32
			 ": nearest known)", w->L->name, build);
		/* an RTL_AVL_TREE row (8.1 on): the build's own VadFlags bits */
		const struct vad_bits *b = w->L->build_lo >= vad_bits[0].from ?
					   vad_bits_of(build) : NULL;
		char why[96] = ": its VAD flags and MMPFN may differ";
		if (b) {
			w->guess = *w->L;
			w->guess.vf_type = b->type;
			w->guess.vf_prot = b->prot;
			w->guess.vf_private = b->priv;
			w->L = &w->guess;
			snprintf(why, sizeof(why), "; VadFlags as MemProcFS reads "
				 "builds %" PRIu32 " on (PrivateMemory at bit %u): "
				 "its MMPFN may differ", b->from, b->priv);
		}
		snprintf(w->note, sizeof(w->note), "build %" PRIu32 " is not in "
			 "the table; the layout of %s reads a consistent process "
			 "list%s", build, w->L->name, why);
		return 0;
	}
	return err_set(e, "Windows build %" PRIu32 " (%s) has no known layout of "
		       "EPROCESS, the VADs and MMPFN, and no known layout reads "
		       "a consistent process list (doc/WINDOWS.md lists the "
		       "builds)", build, x64 ? "x64" : "x86");
}

static void win_free(void *p)
{
	free(p);
}

struct win *win_loaded(const struct session *s)
{
	const struct fmt_source *src = sess_source(s);

	return src->os == PW_OS_WINDOWS && !src->vmcoreinfo ? sess_os_state(s) :
	       NULL;
}

struct win *win_get(struct session *s, struct err *e)
{
	struct win *w = win_loaded(s);

	if (w)
		return w;
	if (sess_source(s)->vmcoreinfo) {
		err_set(e, "a Linux dump (VMCOREINFO): no Windows processes");
		return NULL;
	}
	if (!(w = calloc(1, sizeof(*w)))) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (load(s, w, e) < 0) {
		free(w);
		return NULL;
	}
	sess_set_os_state(s, w, win_free);
	return w;
}
