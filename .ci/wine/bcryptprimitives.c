/* A stand-in for Windows' bcryptprimitives.dll, for running scrub's Windows
 * builds under Wine 8 in CI only (Wine 8.0 has no such DLL, and every Go
 * program since Go 1.22 asks it for ProcessPrng at start-up and dies without
 * it). It fills the buffer from advapi32's RtlGenRandom (SystemFunction036),
 * the generator Go used before. Never shipped: Windows 10 and later have the
 * real DLL.
 *
 * x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *     bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
