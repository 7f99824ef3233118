<?xml version="1.0" encoding="UTF-8"?>
<!-- epub-code.xsl: the text of every code block of an EPUB page (or an
     answer's XHTML), each followed by a line "@@END".  With marks=0 the
     continuation marks html.c adds (span.code-wrap: a line break, the
     line's indentation and "↪ ") are left out, which must give the code
     as written; with marks=1 they are kept, as the reader sees the lines. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:h="http://www.w3.org/1999/xhtml">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:param name="marks" select="1"/>

<xsl:template match="/">
	<xsl:for-each select="//h:pre">
		<xsl:apply-templates select="h:code" mode="code"/>
		<xsl:text>@@END&#10;</xsl:text>
	</xsl:for-each>
</xsl:template>

<xsl:template match="h:span[@class = 'code-wrap']" mode="code">
	<xsl:if test="$marks = 1">
		<xsl:value-of select="."/>
	</xsl:if>
</xsl:template>

<xsl:template match="text()" mode="code">
	<xsl:value-of select="."/>
</xsl:template>
</xsl:stylesheet>
