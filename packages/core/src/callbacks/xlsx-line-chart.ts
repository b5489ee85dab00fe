import JSZip from 'jszip';

/** One line of the chart: its name and values are cells of the chart's sheet (A1 refs, e.g. `E1`, `E2:E13`). */
export interface ChartSeries {
  nameCell: string;
  name: string;
  valuesRange: string;
  values: (number | null)[];
}

export interface LineChartOptions {
  /** The worksheet (by its name) that holds the figures and gets the chart. */
  sheetName: string;
  title: string;
  categoriesRange: string;
  categories: string[];
  series: ChartSeries[];
  /** Where the chart sits: zero-based columns and rows of its top-left and bottom-right corners. */
  anchor: { fromCol: number; fromRow: number; toCol: number; toRow: number };
  /** The value axis as percentages (the values are fractions). */
  percent?: boolean;
}

const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const absolute = (range: string) => range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
const ref = (sheet: string, range: string) => `'${sheet.replace(/'/g, "''")}'!${absolute(range)}`;

const colors = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

function chartXml(o: LineChartOptions): string {
  const strCache = (values: string[]) =>
    `<c:strCache><c:ptCount val="${values.length}"/>${values
      .map((v, i) => `<c:pt idx="${i}"><c:v>${xmlText(v)}</c:v></c:pt>`)
      .join('')}</c:strCache>`;
  const numCache = (values: (number | null)[]) =>
    `<c:numCache><c:formatCode>${o.percent ? '0.0%' : 'General'}</c:formatCode><c:ptCount val="${values.length}"/>${values
      .map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`))
      .join('')}</c:numCache>`;
  const series = o.series
    .map(
      (s, i) => `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>
<c:tx><c:strRef><c:f>${xmlText(ref(o.sheetName, s.nameCell))}</c:f>${strCache([s.name])}</c:strRef></c:tx>
<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${colors[i % colors.length]}"/></a:solidFill><a:round/></a:ln></c:spPr>
<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>
<c:cat><c:strRef><c:f>${xmlText(ref(o.sheetName, o.categoriesRange))}</c:f>${strCache(o.categories)}</c:strRef></c:cat>
<c:val><c:numRef><c:f>${xmlText(ref(o.sheetName, s.valuesRange))}</c:f>${numCache(s.values)}</c:numRef></c:val>
<c:smooth val="0"/></c:ser>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<c:roundedCorners val="0"/>
<c:chart>
<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1400" b="1"/><a:t>${xmlText(o.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>
<c:autoTitleDeleted val="0"/>
<c:plotArea><c:layout/>
<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}
<c:marker val="1"/><c:axId val="500100"/><c:axId val="500200"/></c:lineChart>
<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="500200"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>
<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/>${o.percent ? '<c:max val="1"/><c:min val="0"/>' : ''}</c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="${o.percent ? '0%' : 'General'}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="500100"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>
</c:plotArea>
<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>
<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>
</c:chart>
</c:chartSpace>`;
}

function drawingXml(o: LineChartOptions, chartRel: string): string {
  const { fromCol, fromRow, toCol, toRow } = o.anchor;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<xdr:twoCellAnchor editAs="oneCell">
<xdr:from><xdr:col>${fromCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${fromRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
<xdr:to><xdr:col>${toCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${toRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="${xmlText(o.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>
<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${chartRel}"/></a:graphicData></a:graphic>
</xdr:graphicFrame><xdr:clientData/>
</xdr:twoCellAnchor>
</xdr:wsDr>`;
}

const relsXml = (rels: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`;

/**
 * Adds a real Excel line chart over cells of one worksheet to a workbook exceljs wrote (exceljs
 * writes no charts): the chart part, a drawing that anchors it on the sheet, their
 * relationships and content types. The series refer to the sheet's cells, so Excel redraws
 * the chart from them; the cached values let viewers show it without recalculating.
 */
export async function addLineChart(
  xlsx: Uint8Array | ArrayBuffer,
  options: LineChartOptions,
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(xlsx);
  const read = async (path: string) => {
    const file = zip.file(path);
    if (!file) throw new Error(`workbook has no ${path}`);
    return file.async('string');
  };
  const workbook = await read('xl/workbook.xml');
  const sheet = [...workbook.matchAll(/<sheet\b[^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes(`name="${xmlText(options.sheetName)}"`));
  const relId = sheet?.match(/r:id="([^"]+)"/)?.[1];
  const workbookRels = await read('xl/_rels/workbook.xml.rels');
  const target = [...workbookRels.matchAll(/<Relationship\b[^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes(`Id="${relId}"`))
    ?.match(/Target="([^"]+)"/)?.[1];
  if (!relId || !target) throw new Error(`workbook has no sheet named ${options.sheetName}`);
  const sheetPath = `xl/${target.replace(/^\/?xl\//, '')}`;
  const sheetFile = sheetPath.split('/').at(-1) as string;
  const sheetRelsPath = `xl/worksheets/_rels/${sheetFile}.rels`;

  let n = 1;
  while (zip.file(`xl/drawings/drawing${n}.xml`) || zip.file(`xl/charts/chart${n}.xml`)) n++;
  zip.file(`xl/charts/chart${n}.xml`, chartXml(options));
  zip.file(`xl/drawings/drawing${n}.xml`, drawingXml(options, 'rId1'));
  zip.file(
    `xl/drawings/_rels/drawing${n}.xml.rels`,
    relsXml(
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart${n}.xml"/>`,
    ),
  );
  const drawingRel = `rIdChartDrawing${n}`;
  const drawingRelTag = `<Relationship Id="${drawingRel}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing${n}.xml"/>`;
  const existingRels = zip.file(sheetRelsPath) ? await read(sheetRelsPath) : null;
  zip.file(
    sheetRelsPath,
    existingRels
      ? existingRels.replace('</Relationships>', `${drawingRelTag}</Relationships>`)
      : relsXml(drawingRelTag),
  );

  // <drawing> goes after the page setup and before legacy drawings, tables and extensions.
  const sheetXml = await read(sheetPath);
  const before = [
    '<legacyDrawing',
    '<legacyDrawingHF',
    '<picture',
    '<oleObjects',
    '<controls',
    '<webPublishItems',
    '<tableParts',
    '<extLst',
    '</worksheet>',
  ]
    .map((tag) => sheetXml.indexOf(tag))
    .filter((i) => i >= 0);
  const at = Math.min(...before);
  zip.file(sheetPath, `${sheetXml.slice(0, at)}<drawing r:id="${drawingRel}"/>${sheetXml.slice(at)}`);

  const types = await read('[Content_Types].xml');
  zip.file(
    '[Content_Types].xml',
    types.replace(
      '</Types>',
      `<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>` +
        `<Override PartName="/xl/drawings/drawing${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>`,
    ),
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
