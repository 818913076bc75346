// libxml2's tolerant HTML parser and XPath. KworbScraper wraps them in `HTMLDocument`.
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
