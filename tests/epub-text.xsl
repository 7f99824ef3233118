<?xml version="1.0" encoding="UTF-8"?>
<!-- epub-text.xsl: what tests/check-epub.sh reads out of a book.
     On package.opf: the spine's pages in reading order, one per line.
     On a page: one line per question, "Q number TAB id TAB text", in order;
     "INLINE id" per answer under its question, "NOTEREF id" and
     "FOOTNOTE id" per self-test link and note; "BROKEN what" for a link
     whose target is not on the page. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:h="http://www.w3.org/1999/xhtml"
    xmlns:opf="http://www.idpf.org/2007/opf"
    xmlns:epub="http://www.idpf.org/2007/ops">
<xsl:output method="text" encoding="UTF-8"/>

<xsl:template match="/opf:package">
	<xsl:for-each select="opf:spine/opf:itemref">
		<xsl:variable name="ref" select="@idref"/>
		<xsl:value-of select="/opf:package/opf:manifest/opf:item[@id = $ref]/@href"/>
		<xsl:text>&#10;</xsl:text>
	</xsl:for-each>
</xsl:template>

<xsl:template match="/h:html">
	<xsl:for-each select="//h:div[contains(concat(' ', @class, ' '), ' question ')]">
		<xsl:text>Q </xsl:text>
		<xsl:value-of select="h:p[@class = 'qtext']/h:span[@class = 'num']"/>
		<xsl:text>&#9;</xsl:text>
		<xsl:value-of select="@id"/>
		<xsl:text>&#9;</xsl:text>
		<xsl:value-of select="h:p[@class = 'qtext']/h:span[@class = 'qt']"/>
		<xsl:text>&#10;</xsl:text>
		<xsl:if test="h:div[@class = 'answer']">
			<xsl:text>INLINE </xsl:text>
			<xsl:value-of select="@id"/>
			<xsl:text>&#10;</xsl:text>
		</xsl:if>
	</xsl:for-each>
	<xsl:for-each select="//h:a[@epub:type = 'noteref']">
		<xsl:variable name="target" select="substring-after(@href, '#')"/>
		<xsl:text>NOTEREF </xsl:text>
		<xsl:value-of select="ancestor::h:div[1]/@id"/>
		<xsl:text>&#10;</xsl:text>
		<xsl:if test="not(//h:aside[@epub:type = 'footnote'][@id = $target])">
			<xsl:text>BROKEN noteref </xsl:text>
			<xsl:value-of select="@href"/>
			<xsl:text>&#10;</xsl:text>
		</xsl:if>
	</xsl:for-each>
	<!-- A footnote's back link must go to the noteref that points to the
	     footnote (a two-way pair); FOOTNOTE names that noteref's question. -->
	<xsl:for-each select="//h:aside[@epub:type = 'footnote']">
		<xsl:variable name="back" select="substring-after(.//h:a[1]/@href, '#')"/>
		<xsl:variable name="self" select="concat('#', @id)"/>
		<xsl:text>FOOTNOTE </xsl:text>
		<xsl:value-of select="//h:a[@id = $back]/ancestor::h:div[1]/@id"/>
		<xsl:text>&#10;</xsl:text>
		<xsl:if test="not(//h:a[@epub:type = 'noteref'][@id = $back][@href = $self])">
			<xsl:text>BROKEN back link </xsl:text>
			<xsl:value-of select="@id"/>
			<xsl:text>&#10;</xsl:text>
		</xsl:if>
	</xsl:for-each>
</xsl:template>

</xsl:stylesheet>
