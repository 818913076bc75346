// libxml2's tolerant HTML parser and XPath. KworbScraper wraps them in `HTMLDocument`.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, and <libxml/encoding.h> then includes the system's
// <unicode/ucnv.h>, whose enums clash with the ICU copy Foundation ships. Only the layout of
// xmlCharEncodingHandler depends on it, and the Swift side never touches that struct (it only
// passes pointers), so the ICU part is left out.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

// xmlFree is a global function-pointer variable, which Swift 6 treats as shared mutable state.
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }
