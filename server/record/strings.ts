import type { Attendance, Language, MeetingStatus, RequestType, StakeholderGroup } from '../../shared/model.js';
import type { RecordAudience, RecordItem, RecordQuestionStatus } from '../../shared/record.js';

/** A counted phrase in each plural category the language uses; `other` is the one every language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Every word a record prints, in one language. The server's own small table: the client's strings stay in the client. */
export interface RecordStrings {
  dir: 'ltr' | 'rtl';
  title: Record<RecordAudience, string>;
  venue: string;
  scheduled: string;
  held: string;
  status: string;
  asOf: string;
  /** "{zone}" is replaced by the IANA zone name. */
  timesIn: string;
  agenda: string;
  turns: string;
  questions: string;
  pauses: string;
  statistics: string;
  beforeAgenda: string;
  noTurns: string;
  noQuestions: string;
  noPauses: string;
  col: {
    n: string;
    item: string;
    planned: string;
    start: string;
    end: string;
    duration: string;
    overrun: string;
    status: string;
    name: string;
    affiliation: string;
    group: string;
    attendance: string;
    type: string;
    topic: string;
    addedBy: string;
    limit: string;
    spoken: string;
    extensions: string;
    endedBy: string;
    question: string;
    author: string;
    votes: string;
    reason: string;
    interventions: string;
    speakingTime: string;
  };
  total: string;
  byGroup: string;
  byAttendance: string;
  /** "{share}" is replaced by a percentage. */
  remoteShare: string;
  themselves: string;
  speaker: string;
  /** The chair, where the record shows who acted: the log keeps the chair's label, `chair`, untranslated. */
  chair: string;
  anonymous: string;
  noLimit: string;
  inProgress: string;
  /** Minutes counted, one phrase per plural category of the language (Intl.PluralRules); "{n}" is replaced by the count. */
  minutes: PluralForms;
  /** The unit of a column of minutes, e.g. "Planned (min)". */
  minutesUnit: string;
  /** The unit of a column of seconds in CSV, e.g. "Time used (s)". */
  secondsUnit: string;
  meetingStatus: Record<MeetingStatus, string>;
  itemStatus: Record<RecordItem['status'], string>;
  questionStatus: Record<RecordQuestionStatus, string>;
  groups: Record<StakeholderGroup, string>;
  attendanceValues: Record<Attendance, string>;
  types: Record<RequestType, string>;
}

const en: RecordStrings = {
  dir: 'ltr',
  title: { moderators: 'Record of the meeting (moderators)', public: 'Record of the meeting' },
  venue: 'Venue',
  scheduled: 'Scheduled',
  held: 'Held',
  status: 'Status',
  asOf: 'Record as of',
  timesIn: 'All times in {zone}.',
  agenda: 'Agenda as it ran',
  turns: 'Speakers',
  questions: 'Remote questions',
  pauses: 'Pauses',
  statistics: 'Statistics',
  beforeAgenda: 'Before the first agenda item',
  noTurns: 'Nobody took the floor.',
  noQuestions: 'No questions.',
  noPauses: 'No pauses.',
  col: {
    n: 'No.',
    item: 'Agenda item',
    planned: 'Planned',
    start: 'Start',
    end: 'End',
    duration: 'Duration',
    overrun: 'Overrun',
    status: 'Status',
    name: 'Name',
    affiliation: 'Affiliation',
    group: 'Stakeholder group',
    attendance: 'Room / remote',
    type: 'Request',
    topic: 'Topic',
    addedBy: 'Added by',
    limit: 'Limit',
    spoken: 'Time used',
    extensions: 'Extensions',
    endedBy: 'Ended by',
    question: 'Question',
    author: 'Author',
    votes: 'Votes',
    reason: 'Reason for dismissal',
    interventions: 'Interventions',
    speakingTime: 'Speaking time',
  },
  total: 'Total',
  byGroup: 'By stakeholder group',
  byAttendance: 'In the room and remote',
  remoteShare: 'Remote participants had {share} of the speaking time.',
  themselves: 'themselves',
  speaker: 'the speaker',
  chair: 'Chair',
  anonymous: 'anonymous',
  noLimit: 'no limit',
  inProgress: 'in progress',
  minutes: { one: '{n} min', other: '{n} min' },
  minutesUnit: 'min',
  secondsUnit: 's',
  meetingStatus: { scheduled: 'scheduled', live: 'in progress', ended: 'ended' },
  itemStatus: { pending: 'not reached', active: 'running', done: 'done', skipped: 'skipped', removed: 'removed' },
  questionStatus: {
    answered: 'answered',
    put_to_room: 'put to the room',
    sent_to_floor: 'given the floor',
    open: 'open',
    dismissed: 'dismissed',
    pending: 'awaiting moderation',
  },
  groups: {
    government: 'Government',
    private_sector: 'Private sector',
    civil_society: 'Civil society',
    academia: 'Academia',
    technical_community: 'Technical community',
    international_organization: 'International organization',
    other: 'Other',
  },
  attendanceValues: { in_room: 'In the room', remote: 'Remote' },
  types: {
    point_of_order: 'Point of order',
    clarifying_question: 'Clarifying question',
    reply: 'Reply',
    new_topic: 'New topic',
  },
};

const fr: RecordStrings = {
  dir: 'ltr',
  title: { moderators: 'Compte rendu de la séance (modération)', public: 'Compte rendu de la séance' },
  venue: 'Lieu',
  scheduled: 'Prévue',
  held: 'Tenue',
  status: 'État',
  asOf: 'Compte rendu arrêté au',
  timesIn: 'Toutes les heures en {zone}.',
  agenda: 'Ordre du jour tel qu’il s’est déroulé',
  turns: 'Orateurs',
  questions: 'Questions à distance',
  pauses: 'Suspensions',
  statistics: 'Statistiques',
  beforeAgenda: 'Avant le premier point de l’ordre du jour',
  noTurns: 'Personne n’a pris la parole.',
  noQuestions: 'Aucune question.',
  noPauses: 'Aucune suspension.',
  col: {
    n: 'N°',
    item: 'Point de l’ordre du jour',
    planned: 'Prévu',
    start: 'Début',
    end: 'Fin',
    duration: 'Durée',
    overrun: 'Dépassement',
    status: 'État',
    name: 'Nom',
    affiliation: 'Organisation',
    group: 'Groupe de parties prenantes',
    attendance: 'Salle / distance',
    type: 'Demande',
    topic: 'Sujet',
    addedBy: 'Inscrit par',
    limit: 'Limite',
    spoken: 'Temps utilisé',
    extensions: 'Prolongations',
    endedBy: 'Terminé par',
    question: 'Question',
    author: 'Auteur',
    votes: 'Votes',
    reason: 'Motif du rejet',
    interventions: 'Interventions',
    speakingTime: 'Temps de parole',
  },
  total: 'Total',
  byGroup: 'Par groupe de parties prenantes',
  byAttendance: 'Dans la salle et à distance',
  remoteShare: 'Les participants à distance ont eu {share} du temps de parole.',
  themselves: 'lui-même',
  speaker: 'l’orateur',
  chair: 'Présidence',
  anonymous: 'anonyme',
  noLimit: 'sans limite',
  inProgress: 'en cours',
  minutes: { one: '{n} min', many: '{n} min', other: '{n} min' },
  minutesUnit: 'min',
  secondsUnit: 's',
  meetingStatus: { scheduled: 'prévue', live: 'en cours', ended: 'levée' },
  itemStatus: { pending: 'non abordé', active: 'en cours', done: 'traité', skipped: 'passé', removed: 'retiré' },
  questionStatus: {
    answered: 'répondue',
    put_to_room: 'soumise à la salle',
    sent_to_floor: 'parole donnée',
    open: 'ouverte',
    dismissed: 'rejetée',
    pending: 'en attente de modération',
  },
  groups: {
    government: 'Gouvernement',
    private_sector: 'Secteur privé',
    civil_society: 'Société civile',
    academia: 'Milieux universitaires',
    technical_community: 'Communauté technique',
    international_organization: 'Organisation internationale',
    other: 'Autre',
  },
  attendanceValues: { in_room: 'Dans la salle', remote: 'À distance' },
  types: {
    point_of_order: 'Motion d’ordre',
    clarifying_question: 'Demande de précision',
    reply: 'Réponse',
    new_topic: 'Nouveau sujet',
  },
};

const es: RecordStrings = {
  dir: 'ltr',
  title: { moderators: 'Acta de la reunión (moderación)', public: 'Acta de la reunión' },
  venue: 'Lugar',
  scheduled: 'Prevista',
  held: 'Celebrada',
  status: 'Estado',
  asOf: 'Acta al',
  timesIn: 'Todas las horas en {zone}.',
  agenda: 'Orden del día tal como se desarrolló',
  turns: 'Oradores',
  questions: 'Preguntas a distancia',
  pauses: 'Pausas',
  statistics: 'Estadísticas',
  beforeAgenda: 'Antes del primer tema del orden del día',
  noTurns: 'Nadie tomó la palabra.',
  noQuestions: 'Ninguna pregunta.',
  noPauses: 'Ninguna pausa.',
  col: {
    n: 'N.º',
    item: 'Tema del orden del día',
    planned: 'Previsto',
    start: 'Inicio',
    end: 'Fin',
    duration: 'Duración',
    overrun: 'Exceso',
    status: 'Estado',
    name: 'Nombre',
    affiliation: 'Organización',
    group: 'Grupo de partes interesadas',
    attendance: 'Sala / a distancia',
    type: 'Solicitud',
    topic: 'Tema',
    addedBy: 'Inscrito por',
    limit: 'Límite',
    spoken: 'Tiempo usado',
    extensions: 'Prórrogas',
    endedBy: 'Terminado por',
    question: 'Pregunta',
    author: 'Autor',
    votes: 'Votos',
    reason: 'Motivo del descarte',
    interventions: 'Intervenciones',
    speakingTime: 'Tiempo de palabra',
  },
  total: 'Total',
  byGroup: 'Por grupo de partes interesadas',
  byAttendance: 'En la sala y a distancia',
  remoteShare: 'Los participantes a distancia tuvieron el {share} del tiempo de palabra.',
  themselves: 'la propia persona',
  speaker: 'el orador',
  chair: 'Presidencia',
  anonymous: 'anónima',
  noLimit: 'sin límite',
  inProgress: 'en curso',
  minutes: { one: '{n} min', many: '{n} min', other: '{n} min' },
  minutesUnit: 'min',
  secondsUnit: 's',
  meetingStatus: { scheduled: 'prevista', live: 'en curso', ended: 'terminada' },
  itemStatus: { pending: 'no tratado', active: 'en curso', done: 'tratado', skipped: 'omitido', removed: 'retirado' },
  questionStatus: {
    answered: 'respondida',
    put_to_room: 'planteada a la sala',
    sent_to_floor: 'con la palabra',
    open: 'abierta',
    dismissed: 'descartada',
    pending: 'pendiente de moderación',
  },
  groups: {
    government: 'Gobiernos',
    private_sector: 'Sector privado',
    civil_society: 'Sociedad civil',
    academia: 'Comunidad académica',
    technical_community: 'Comunidad técnica',
    international_organization: 'Organizaciones internacionales',
    other: 'Otros',
  },
  attendanceValues: { in_room: 'En la sala', remote: 'A distancia' },
  types: {
    point_of_order: 'Cuestión de orden',
    clarifying_question: 'Solicitud de aclaración',
    reply: 'Respuesta',
    new_topic: 'Nuevo tema',
  },
};

const ru: RecordStrings = {
  dir: 'ltr',
  title: { moderators: 'Отчёт о заседании (для модераторов)', public: 'Отчёт о заседании' },
  venue: 'Место',
  scheduled: 'По плану',
  held: 'Проведено',
  status: 'Статус',
  asOf: 'Отчёт на',
  timesIn: 'Время указано по поясу {zone}.',
  agenda: 'Повестка дня, как она прошла',
  turns: 'Выступающие',
  questions: 'Дистанционные вопросы',
  pauses: 'Перерывы',
  statistics: 'Статистика',
  beforeAgenda: 'До первого пункта повестки дня',
  noTurns: 'Никто не выступал.',
  noQuestions: 'Вопросов нет.',
  noPauses: 'Перерывов не было.',
  col: {
    n: '№',
    item: 'Пункт повестки дня',
    planned: 'План',
    start: 'Начало',
    end: 'Конец',
    duration: 'Длительность',
    overrun: 'Превышение',
    status: 'Статус',
    name: 'Имя',
    affiliation: 'Организация',
    group: 'Группа заинтересованных сторон',
    attendance: 'В зале / дистанционно',
    type: 'Запрос',
    topic: 'Тема',
    addedBy: 'Записал',
    limit: 'Регламент',
    spoken: 'Использовано',
    extensions: 'Продления',
    endedBy: 'Завершил',
    question: 'Вопрос',
    author: 'Автор',
    votes: 'Голоса',
    reason: 'Причина отклонения',
    interventions: 'Выступления',
    speakingTime: 'Время выступлений',
  },
  total: 'Всего',
  byGroup: 'По группам заинтересованных сторон',
  byAttendance: 'В зале и дистанционно',
  remoteShare: 'Дистанционным участникам досталось {share} времени выступлений.',
  themselves: 'сам(а)',
  speaker: 'выступающий',
  chair: 'Председатель',
  anonymous: 'анонимно',
  noLimit: 'без ограничения',
  inProgress: 'идёт',
  minutes: { one: '{n} минута', few: '{n} минуты', many: '{n} минут', other: '{n} минуты' },
  minutesUnit: 'мин',
  secondsUnit: 'с',
  meetingStatus: { scheduled: 'запланировано', live: 'идёт', ended: 'завершено' },
  itemStatus: { pending: 'не рассмотрен', active: 'идёт', done: 'рассмотрен', skipped: 'пропущен', removed: 'снят' },
  questionStatus: {
    answered: 'отвечен',
    put_to_room: 'задан залу',
    sent_to_floor: 'предоставлено слово',
    open: 'открыт',
    dismissed: 'отклонён',
    pending: 'ожидает модерации',
  },
  groups: {
    government: 'Правительство',
    private_sector: 'Частный сектор',
    civil_society: 'Гражданское общество',
    academia: 'Академические круги',
    technical_community: 'Техническое сообщество',
    international_organization: 'Международная организация',
    other: 'Другое',
  },
  attendanceValues: { in_room: 'В зале', remote: 'Дистанционно' },
  types: {
    point_of_order: 'По порядку ведения заседания',
    clarifying_question: 'Уточняющий вопрос',
    reply: 'Ответ',
    new_topic: 'Новая тема',
  },
};

const zh: RecordStrings = {
  dir: 'ltr',
  title: { moderators: '会议记录（主持人版）', public: '会议记录' },
  venue: '地点',
  scheduled: '计划时间',
  held: '实际时间',
  status: '状态',
  asOf: '记录截至',
  timesIn: '所有时间均为 {zone} 时间。',
  agenda: '实际议程',
  turns: '发言者',
  questions: '远程提问',
  pauses: '暂停',
  statistics: '统计',
  beforeAgenda: '第一个议程项目之前',
  noTurns: '无人发言。',
  noQuestions: '没有提问。',
  noPauses: '没有暂停。',
  col: {
    n: '序号',
    item: '议程项目',
    planned: '计划',
    start: '开始',
    end: '结束',
    duration: '时长',
    overrun: '超时',
    status: '状态',
    name: '姓名',
    affiliation: '所属机构',
    group: '利益攸关方群体',
    attendance: '现场 / 远程',
    type: '请求类型',
    topic: '议题',
    addedBy: '登记人',
    limit: '时限',
    spoken: '用时',
    extensions: '延长',
    endedBy: '结束者',
    question: '问题',
    author: '提问者',
    votes: '票数',
    reason: '驳回理由',
    interventions: '发言次数',
    speakingTime: '发言时间',
  },
  total: '合计',
  byGroup: '按利益攸关方群体',
  byAttendance: '现场与远程',
  remoteShare: '远程参会者占发言时间的 {share}。',
  themselves: '本人',
  speaker: '发言者',
  chair: '主席',
  anonymous: '匿名',
  noLimit: '无时限',
  inProgress: '进行中',
  minutes: { other: '{n} 分钟' },
  minutesUnit: '分钟',
  secondsUnit: '秒',
  meetingStatus: { scheduled: '已计划', live: '进行中', ended: '已结束' },
  itemStatus: { pending: '未进行', active: '进行中', done: '已完成', skipped: '已跳过', removed: '已删除' },
  questionStatus: {
    answered: '已回答',
    put_to_room: '已提交会场',
    sent_to_floor: '已给予发言',
    open: '未处理',
    dismissed: '已驳回',
    pending: '待审核',
  },
  groups: {
    government: '政府',
    private_sector: '私营部门',
    civil_society: '民间社会',
    academia: '学术界',
    technical_community: '技术界',
    international_organization: '国际组织',
    other: '其他',
  },
  attendanceValues: { in_room: '现场', remote: '远程' },
  types: { point_of_order: '程序问题', clarifying_question: '澄清性问题', reply: '回应', new_topic: '新议题' },
};

const ar: RecordStrings = {
  dir: 'rtl',
  title: { moderators: 'محضر الاجتماع (للمنسقين)', public: 'محضر الاجتماع' },
  venue: 'المكان',
  scheduled: 'الموعد المقرر',
  held: 'الانعقاد الفعلي',
  status: 'الحالة',
  asOf: 'المحضر حتى',
  timesIn: 'جميع الأوقات بتوقيت {zone}.',
  agenda: 'جدول الأعمال كما جرى',
  turns: 'المتحدثون',
  questions: 'الأسئلة عن بُعد',
  pauses: 'فترات التوقف',
  statistics: 'الإحصاءات',
  beforeAgenda: 'قبل البند الأول من جدول الأعمال',
  noTurns: 'لم يتحدث أحد.',
  noQuestions: 'لا توجد أسئلة.',
  noPauses: 'لا توجد فترات توقف.',
  col: {
    n: 'الرقم',
    item: 'بند جدول الأعمال',
    planned: 'المقرر',
    start: 'البداية',
    end: 'النهاية',
    duration: 'المدة',
    overrun: 'التجاوز',
    status: 'الحالة',
    name: 'الاسم',
    affiliation: 'الجهة',
    group: 'فئة أصحاب المصلحة',
    attendance: 'في القاعة / عن بُعد',
    type: 'نوع الطلب',
    topic: 'الموضوع',
    addedBy: 'أضافه',
    limit: 'الحد',
    spoken: 'الوقت المستخدم',
    extensions: 'التمديدات',
    endedBy: 'أنهاه',
    question: 'السؤال',
    author: 'صاحب السؤال',
    votes: 'الأصوات',
    reason: 'سبب الرفض',
    interventions: 'المداخلات',
    speakingTime: 'وقت الكلام',
  },
  total: 'المجموع',
  byGroup: 'حسب فئة أصحاب المصلحة',
  byAttendance: 'في القاعة وعن بُعد',
  remoteShare: 'حصل المشاركون عن بُعد على {share} من وقت الكلام.',
  themselves: 'المتحدث نفسه',
  speaker: 'المتحدث',
  chair: 'الرئيس',
  anonymous: 'مجهول',
  noLimit: 'بلا حد',
  inProgress: 'جارٍ',
  minutes: {
    zero: '{n} دقيقة',
    one: 'دقيقة واحدة',
    two: 'دقيقتان',
    few: '{n} دقائق',
    many: '{n} دقيقة',
    other: '{n} دقيقة',
  },
  minutesUnit: 'بالدقائق',
  secondsUnit: 'بالثواني',
  meetingStatus: { scheduled: 'مقرر', live: 'جارٍ', ended: 'انتهى' },
  itemStatus: { pending: 'لم يُتناول', active: 'جارٍ', done: 'أُنجز', skipped: 'تُخطّي', removed: 'حُذف' },
  questionStatus: {
    answered: 'أُجيب عنه',
    put_to_room: 'طُرح على القاعة',
    sent_to_floor: 'أُعطي الكلمة',
    open: 'مفتوح',
    dismissed: 'مرفوض',
    pending: 'بانتظار الإشراف',
  },
  groups: {
    government: 'الحكومات',
    private_sector: 'القطاع الخاص',
    civil_society: 'المجتمع المدني',
    academia: 'الأوساط الأكاديمية',
    technical_community: 'الأوساط التقنية',
    international_organization: 'المنظمات الدولية',
    other: 'أخرى',
  },
  attendanceValues: { in_room: 'في القاعة', remote: 'عن بُعد' },
  types: { point_of_order: 'نقطة نظام', clarifying_question: 'سؤال توضيحي', reply: 'رد', new_topic: 'موضوع جديد' },
};

export const RECORD_STRINGS: Record<Language, RecordStrings> = { ar, zh, en, fr, ru, es };
