import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Language } from '../../shared/model.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Confirmation e-mails. With an SMTP URL they go out through nodemailer's SMTP
 * transport; without one, nodemailer builds the same RFC 822 message and it is
 * written as an .eml file under `<DATA_DIR>/outbox`, so nothing is lost and a
 * developer can open it.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: { smtpUrl: string | null; outboxDir: string; from: string }) {
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /** Sends the message, or writes it to the outbox; resolves with where it went. */
  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transport.sendMail({ from: this.options.from, ...mail });
    if (this.options.smtpUrl) return info.messageId;
    const message = (info as unknown as { message: Buffer }).message;
    await mkdir(this.options.outboxDir, { recursive: true });
    const file = join(this.options.outboxDir, `${Date.now()}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`);
    await writeFile(file, message);
    return file;
  }
}

const CONFIRMATIONS: Record<Language, { subject: string; body: string }> = {
  en: {
    subject: 'Your contribution to {title}',
    body: 'Thank you, {name}. Your contribution "{call}" has been received.\n\nThis private link lets you see, edit or withdraw it until the deadline ({deadline}):\n{link}\n\nKeep it to yourself: whoever has it can change your contribution.',
  },
  fr: {
    subject: 'Votre contribution à {title}',
    body: 'Merci, {name}. Votre contribution « {call} » a bien été reçue.\n\nCe lien privé vous permet de la consulter, de la modifier ou de la retirer jusqu’à la date limite ({deadline}) :\n{link}\n\nGardez-le pour vous : quiconque le possède peut modifier votre contribution.',
  },
  es: {
    subject: 'Su contribución a {title}',
    body: 'Gracias, {name}. Hemos recibido su contribución «{call}».\n\nEste enlace privado le permite verla, modificarla o retirarla hasta la fecha límite ({deadline}):\n{link}\n\nNo lo comparta: quien lo tenga puede cambiar su contribución.',
  },
  ru: {
    subject: 'Ваш вклад в {title}',
    body: 'Спасибо, {name}. Ваш вклад «{call}» получен.\n\nПо этой личной ссылке его можно просмотреть, изменить или отозвать до крайнего срока ({deadline}):\n{link}\n\nНе передавайте её другим: любой, у кого она есть, может изменить ваш вклад.',
  },
  zh: {
    subject: '您对{title}的意见',
    body: '{name}，谢谢您。我们已收到您的意见“{call}”。\n\n截止时间（{deadline}）之前，您可以通过此私人链接查看、修改或撤回：\n{link}\n\n请勿转发：持有此链接的任何人都可以修改您的意见。',
  },
  ar: {
    subject: 'مساهمتك في {title}',
    body: 'شكرًا لك يا {name}. لقد تلقينا مساهمتك "{call}".\n\nيتيح لك هذا الرابط الخاص الاطلاع عليها أو تعديلها أو سحبها حتى الموعد النهائي ({deadline}):\n{link}\n\nاحتفظ به لنفسك: يستطيع كل من يملكه تغيير مساهمتك.',
  },
};

/**
 * The deadline as the e-mail's reader reads it: in the e-mail's language (its words, its digits),
 * on the venue's clock, the zone named in that language too.
 */
export function mailDeadline(ms: number, timeZone: string, language: Language): string {
  // English without a region would read the US way ("11:59 PM"); an international deadline reads 23:59.
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'long',
  }).format(ms);
}

/** The confirmation with the receipt link, in the language the contributor used. */
export function confirmationMail(
  language: Language,
  values: { to: string; name: string; title: string; call: string; deadline: string; link: string },
): OutgoingMail {
  const template = CONFIRMATIONS[language];
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key as keyof typeof values] ?? '');
  return { to: values.to, subject: fill(template.subject), text: fill(template.body) };
}
