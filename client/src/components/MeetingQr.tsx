import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The meeting link as a QR code, drawn as SVG by the qrcode library, for people in the room to scan. */
export function MeetingQr({ url }: { url: string }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, color: { dark: '#000000', light: '#ffffff' } })
      .then((markup) => {
        if (current) setSvg(markup);
      })
      .catch(() => setSvg(null));
    return () => {
      current = false;
    };
  }, [url]);
  if (!svg) return null;
  return (
    <figure className="meeting-qr" data-testid="meeting-qr">
      <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={t('display.qrLabel', { url })} />
      <figcaption>{t('display.scanToJoin')}</figcaption>
    </figure>
  );
}
